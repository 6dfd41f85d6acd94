/* Native accelerator for nodes.Node.walk: every node below one, depth first, in source order.
 *
 * Rules, validation and the review walk whole trees many times; in Python the
 * walk itself (a stack, getattr per child field, isinstance per item) was about
 * 7% of a check. This returns the same nodes in the same order as a list,
 * reading each class's `_children` field names exactly as Node.walk does.
 * tests/hcl/test_native_walk.py compares both on the corpus.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

static PyObject *children_cache = NULL; /* type -> tuple of child field names */
static PyObject *name_children = NULL;

static PyObject *children_of(PyTypeObject *tp) {
    PyObject *names = PyDict_GetItemWithError(children_cache, (PyObject *)tp);
    if (names != NULL || PyErr_Occurred()) return names; /* borrowed */
    names = PyObject_GetAttr((PyObject *)tp, name_children);
    if (names == NULL) return NULL;
    if (!PyTuple_Check(names)) {
        Py_DECREF(names);
        PyErr_SetString(PyExc_TypeError, "_children must be a tuple");
        return NULL;
    }
    int rc = PyDict_SetItem(children_cache, (PyObject *)tp, names);
    Py_DECREF(names);
    return rc < 0 ? NULL : names; /* the cache holds it */
}

/* walk(root, Node[, only]): with `only` (a class or a tuple of classes), only the nodes that are
 * instances of it are returned: most walks look for one or two kinds of node (attribute chains,
 * function calls), and filtering here spares a Python loop and an isinstance per node. */
static PyObject *walk(PyObject *Py_UNUSED(self), PyObject *args) {
    PyObject *root, *node_class, *only = NULL;
    if (!PyArg_ParseTuple(args, "OO!|O:walk", &root, &PyType_Type, &node_class, &only)) return NULL;
    if (only == Py_None) only = NULL;
    PyTypeObject *node_type = (PyTypeObject *)node_class;
    PyObject *out = PyList_New(0);
    PyObject *stack = PyList_New(0);
    if (out == NULL || stack == NULL || PyList_Append(stack, root) < 0) goto error;
    while (PyList_GET_SIZE(stack) > 0) {
        Py_ssize_t top = PyList_GET_SIZE(stack) - 1;
        PyObject *node = PyList_GET_ITEM(stack, top);
        Py_INCREF(node); /* kept alive past the pop */
        if (PyList_SetSlice(stack, top, top + 1, NULL) < 0) { Py_DECREF(node); goto error; }
        int wanted = only == NULL ? 1 : PyObject_IsInstance(node, only);
        if (wanted < 0 || (wanted && PyList_Append(out, node) < 0)) { Py_DECREF(node); goto error; }
        PyObject *names = children_of(Py_TYPE(node));
        if (names == NULL) { Py_DECREF(node); goto error; }
        for (Py_ssize_t i = PyTuple_GET_SIZE(names) - 1; i >= 0; i--) {
            PyObject *value = PyObject_GetAttr(node, PyTuple_GET_ITEM(names, i));
            if (value == NULL) { Py_DECREF(node); goto error; }
            int rc = 0;
            if (PyList_CheckExact(value)) {
                for (Py_ssize_t j = PyList_GET_SIZE(value) - 1; j >= 0 && rc == 0; j--) {
                    PyObject *item = PyList_GET_ITEM(value, j);
                    if (PyObject_TypeCheck(item, node_type)) rc = PyList_Append(stack, item);
                }
            } else if (PyObject_TypeCheck(value, node_type)) {
                rc = PyList_Append(stack, value);
            }
            Py_DECREF(value);
            if (rc < 0) { Py_DECREF(node); goto error; }
        }
        Py_DECREF(node);
    }
    Py_DECREF(stack);
    return out;
error:
    Py_XDECREF(out);
    Py_XDECREF(stack);
    return NULL;
}

/* The direct children of one node, in source order (Node.children). */
static PyObject *children(PyObject *Py_UNUSED(self), PyObject *args) {
    PyObject *node, *node_class;
    if (!PyArg_ParseTuple(args, "OO!:children", &node, &PyType_Type, &node_class)) return NULL;
    PyTypeObject *node_type = (PyTypeObject *)node_class;
    PyObject *names = children_of(Py_TYPE(node));
    if (names == NULL) return NULL;
    PyObject *out = PyList_New(0);
    if (out == NULL) return NULL;
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(names); i++) {
        PyObject *value = PyObject_GetAttr(node, PyTuple_GET_ITEM(names, i));
        if (value == NULL) { Py_DECREF(out); return NULL; }
        int rc = 0;
        if (PyList_Check(value)) {
            for (Py_ssize_t j = 0; j < PyList_GET_SIZE(value) && rc == 0; j++) {
                PyObject *item = PyList_GET_ITEM(value, j);
                if (PyObject_TypeCheck(item, node_type)) rc = PyList_Append(out, item);
            }
        } else if (PyObject_TypeCheck(value, node_type)) {
            rc = PyList_Append(out, value);
        }
        Py_DECREF(value);
        if (rc < 0) { Py_DECREF(out); return NULL; }
    }
    return out;
}

static PyMethodDef methods[] = {
    {"children", children, METH_VARARGS, "children(node, Node) -> the node's direct children, in source order."},
    {"walk", walk, METH_VARARGS, "walk(node, Node[, only]) -> the node and every node below it (those of class `only`), depth first, in source order."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_tree", "Native tree walk (see nodes.Node.walk).", -1, methods, NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC PyInit__tree(void) {
    children_cache = PyDict_New();
    name_children = PyUnicode_InternFromString("_children");
    if (children_cache == NULL || name_children == NULL) return NULL;
    return PyModule_Create(&module);
}
