/* Native accelerator for the formatter's two mechanical passes: stream.build_stream and layout.layout.
 *
 * Both are loops over token kinds with table look-ups, which is where Python spends
 * most of a format (and of the FMT001 rule). The Python modules stay the reference
 * and the documentation of each rule; this file follows them step by step:
 *
 *   build_stream: lexer tokens -> (kinds, texts, starts, eof_gap), whitespace folded
 *                 away, line comments joined with their newline, `~` markers joined;
 *   layout:       lines and cells (lines.py), indentation (indent.py), spacing
 *                 (spacing.py, through the precomputed table), alignment of `=` and
 *                 comments (align.py), then the text.
 *
 * Anything unusual is handed back: build_stream returns None for a token the
 * formatter has no place for (Python raises the error), and widths of non-ASCII
 * text and spacing entries that depend on the previous token call the Python
 * functions. tests/fmt/test_native_layout.py compares both implementations.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <structmember.h>

/* Stream kinds used here (stream.py). */
enum {
    NIL = 0, NEWLINE = 1, COMMENT_LINE = 2, COMMENT = 3, IDENT = 4, IN = 5, EQUAL = 13, OHEREDOC = 37,
    CHEREDOC = 38, TEMPLATE_INTERP = 41, TEMPLATE_CONTROL = 42, TEMPLATE_SEQ_END = 43, KIND_COUNT = 44,
    TILDE_PENDING = -1,
};

/* Codes of the lexer kinds that are not mapped one to one (see stream.py: _NATIVE_CODES). */
enum { L_WS = -10, L_COMMENT = -11, L_TILDE = -12, L_BOM = -13, L_EOF = -14 };

/* ---------------------------------------------------------------- build_stream */

static int append_new(PyObject *list, PyObject *item) {
    if (item == NULL) return -1;
    int rc = PyList_Append(list, item);
    Py_DECREF(item);
    return rc;
}

static Py_ssize_t utf8_length(PyObject *text) {
    if (PyUnicode_IS_ASCII(text)) return PyUnicode_GET_LENGTH(text);
    Py_ssize_t size;
    if (PyUnicode_AsUTF8AndSize(text, &size) == NULL) return -1;
    return size;
}

/* Attribute names of a token, interned once. */
static PyObject *name_kind, *name_text, *name_start;

/* Token fields are read straight from their slots when the token is of the class whose
 * slot offsets were found (the common case); anything else goes through getattr. */
static PyTypeObject *token_type = NULL;
static Py_ssize_t off_kind, off_text, off_start;

static int slot_offset(PyTypeObject *tp, PyObject *name, Py_ssize_t *offset) {
    PyObject *descr = PyObject_GetAttr((PyObject *)tp, name);
    if (descr == NULL) { PyErr_Clear(); return -1; }
    int ok = Py_IS_TYPE(descr, &PyMemberDescr_Type) && ((PyMemberDescrObject *)descr)->d_member->type == T_OBJECT_EX;
    if (ok) *offset = ((PyMemberDescrObject *)descr)->d_member->offset;
    Py_DECREF(descr);
    return ok ? 0 : -1;
}

static void learn_token_type(PyTypeObject *tp) {
    if (tp == token_type) return;
    token_type = NULL;
    if (slot_offset(tp, name_kind, &off_kind) == 0 && slot_offset(tp, name_text, &off_text) == 0 &&
        slot_offset(tp, name_start, &off_start) == 0) {
        token_type = tp;
    }
}

/* A new reference to a token's field. */
static PyObject *field(PyObject *tok, PyObject *name, Py_ssize_t offset) {
    if (Py_TYPE(tok) == token_type) {
        PyObject *value = *(PyObject **)((char *)tok + offset);
        if (value != NULL) return Py_NewRef(value);
    }
    return PyObject_GetAttr(tok, name);
}

/* Map a token's kind string to its code: -100 when the formatter has no place for it, -1000 on error. */
static int code_of(PyObject *codes, PyObject *token) {
    PyObject *kind = field(token, name_kind, off_kind);
    if (kind == NULL) return -1000;
    PyObject *code = PyDict_GetItemWithError(codes, kind);
    Py_DECREF(kind);
    if (code == NULL) return PyErr_Occurred() ? -1000 : -100;
    return (int)PyLong_AsLong(code);
}

/* Append a stream token: kind, text (a new reference is taken), start offset of `tok`. */
static int add(PyObject *kinds, PyObject *texts, PyObject *starts, int kind, PyObject *text, PyObject *tok) {
    if (text == NULL) return -1;
    PyObject *start = field(tok, name_start, off_start);
    if (start == NULL) { Py_DECREF(text); return -1; }
    if (append_new(kinds, PyLong_FromLong(kind)) < 0) {
        Py_DECREF(text);
        Py_DECREF(start);
        return -1;
    }
    if (append_new(texts, text) < 0) {
        Py_DECREF(start);
        return -1;
    }
    return append_new(starts, start);
}

/* Replace the last text of the stream by itself + `suffix`. */
static int extend_last(PyObject *texts, PyObject *suffix) {
    Py_ssize_t last = PyList_GET_SIZE(texts) - 1;
    PyObject *joined = PyUnicode_Concat(PyList_GET_ITEM(texts, last), suffix);
    if (joined == NULL) return -1;
    return PyList_SetItem(texts, last, joined);
}

static PyObject *build_stream(PyObject *Py_UNUSED(self), PyObject *args) {
    PyObject *tokens, *codes;
    if (!PyArg_ParseTuple(args, "O!O!:build_stream", &PyList_Type, &tokens, &PyDict_Type, &codes)) return NULL;
    PyObject *kinds = PyList_New(0), *texts = PyList_New(0), *starts = PyList_New(0);
    PyObject *text = NULL;
    if (kinds == NULL || texts == NULL || starts == NULL) goto error;
    Py_ssize_t n = PyList_GET_SIZE(tokens), gap = 0, pending = 0;
    if (n > 0) learn_token_type(Py_TYPE(PyList_GET_ITEM(tokens, 0)));
    int last_kind = NIL; /* kind of the last stream token */
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *tok = PyList_GET_ITEM(tokens, i);
        int code = code_of(codes, tok);
        if (code == -1000) goto error;
        if (code == -100) goto decline; /* a token the formatter has no place for: Python raises */
        if (code == L_EOF) break;
        text = field(tok, name_text, off_text);
        if (text == NULL) goto error;
        if (code >= 0) {
            int kind = code;
            if (kind == IDENT && PyUnicode_CompareWithASCIIString(text, "in") == 0) kind = IN;
            if (kind == TEMPLATE_SEQ_END && last_kind == TILDE_PENDING) {
                /* `~}`: the strip marker seen just before belongs to this token. */
                Py_ssize_t last = PyList_GET_SIZE(kinds) - 1;
                PyObject *k = PyLong_FromLong(kind);
                if (k == NULL || PyList_SetItem(kinds, last, k) < 0 || extend_last(texts, text) < 0) goto error;
                pending--;
            } else if (add(kinds, texts, starts, kind, Py_NewRef(text), tok) < 0) {
                goto error;
            }
            last_kind = kind;
            gap = 0;
        } else if (code == L_WS) {
            int prev = i > 0 ? code_of(codes, PyList_GET_ITEM(tokens, i - 1)) : -100;
            if (prev == -1000) goto error;
            if (prev == CHEREDOC) {
                /* Blanks after a heredoc's end marker are part of that line's text. */
                if (extend_last(texts, text) < 0) goto error;
            } else {
                Py_ssize_t bytes = utf8_length(text);
                if (bytes < 0) goto error;
                gap += bytes;
            }
        } else if (code == L_COMMENT) {
            Py_ssize_t len = PyUnicode_GET_LENGTH(text);
            Py_UCS4 c0 = len > 0 ? PyUnicode_READ_CHAR(text, 0) : 0;
            Py_UCS4 c1 = len > 1 ? PyUnicode_READ_CHAR(text, 1) : 0;
            int joined = 0;
            if ((c0 != '/' || c1 == '/') && i + 1 < n) {
                PyObject *nxt = PyList_GET_ITEM(tokens, i + 1);
                int ncode = code_of(codes, nxt);
                if (ncode == -1000) goto error;
                if (ncode == NEWLINE) {
                    /* A line comment swallows the newline that ends it. */
                    PyObject *ntext = field(nxt, name_text, off_text);
                    if (ntext == NULL) goto error;
                    PyObject *both = PyUnicode_Concat(text, ntext);
                    Py_DECREF(ntext);
                    if (add(kinds, texts, starts, COMMENT_LINE, both, tok) < 0) goto error;
                    last_kind = COMMENT_LINE;
                    joined = 1;
                    i++;
                }
            }
            if (!joined) {
                if (add(kinds, texts, starts, COMMENT, Py_NewRef(text), tok) < 0) goto error;
                last_kind = COMMENT;
            }
            gap = 0;
        } else if (code == L_TILDE) {
            Py_ssize_t last = PyList_GET_SIZE(texts) - 1;
            if ((last_kind == TEMPLATE_INTERP || last_kind == TEMPLATE_CONTROL) &&
                PyUnicode_GET_LENGTH(PyList_GET_ITEM(texts, last)) == 2) {
                if (extend_last(texts, text) < 0) goto error;
            } else {
                /* Must be followed by the `}` that closes the sequence. */
                if (add(kinds, texts, starts, TILDE_PENDING, Py_NewRef(text), tok) < 0) goto error;
                last_kind = TILDE_PENDING;
                pending++;
            }
            gap = 0;
        } else if (code == L_BOM) {
            gap += 3;
        } else {
            goto decline;
        }
        Py_CLEAR(text);
    }
    if (pending) goto decline; /* a `~` not next to its `}`: Python reports it */
    return Py_BuildValue("(NNNn)", kinds, texts, starts, gap);
decline:
    Py_XDECREF(text);
    Py_XDECREF(kinds);
    Py_XDECREF(texts);
    Py_XDECREF(starts);
    Py_RETURN_NONE;
error:
    Py_XDECREF(text);
    Py_XDECREF(kinds);
    Py_XDECREF(texts);
    Py_XDECREF(starts);
    return NULL;
}

/* ---------------------------------------------------------------- layout */

typedef struct {
    Py_ssize_t start, lead_end, assign, comment, end;
} Line;

typedef struct {
    Py_ssize_t n;
    int *kinds;
    PyObject *texts; /* list of str */
    Py_ssize_t *spaces;
    const unsigned char *table;     /* KIND_COUNT x KIND_COUNT */
    const signed char *change;      /* BRACKET_CHANGE */
    int depends;                    /* DEPENDS_ON_BEFORE */
    PyObject *space_after;          /* Python: space_after(subject, before, after) */
    PyObject *columns;              /* Python: columns(text) for non-ASCII text */
} Layout;

static Py_ssize_t columns_of(Layout *ly, PyObject *text) {
    if (PyUnicode_IS_ASCII(text)) {
        Py_ssize_t len = PyUnicode_GET_LENGTH(text);
        const Py_UCS1 *data = PyUnicode_1BYTE_DATA(text);
        Py_ssize_t pairs = 0;
        for (Py_ssize_t i = 0; i + 1 < len; i++) {
            if (data[i] == '\r' && data[i + 1] == '\n') pairs++;
        }
        return len - pairs;
    }
    PyObject *r = PyObject_CallOneArg(ly->columns, text);
    if (r == NULL) return -1;
    Py_ssize_t width = PyLong_AsSsize_t(r);
    Py_DECREF(r);
    return width;
}

static int split_lines(Layout *ly, Line **out, Py_ssize_t *count) {
    Py_ssize_t n = ly->n, cap = 64, nlines = 0, start = 0;
    Line *lines = PyMem_Malloc(cap * sizeof(Line));
    if (lines == NULL) { PyErr_NoMemory(); return -1; }
    for (Py_ssize_t i = 0; i <= n; i++) {
        Py_ssize_t end;
        if (i < n && (ly->kinds[i] == NEWLINE || ly->kinds[i] == COMMENT_LINE)) end = i + 1;
        else if (i == n && start < n) end = n;
        else continue;
        if (end == start) continue;
        Py_ssize_t body_end = end, comment = -1, assign = -1;
        int last = ly->kinds[end - 1];
        if (end - start > 1 && (last == COMMENT_LINE || last == COMMENT)) comment = body_end = end - 1;
        if (body_end - start > 1) {
            Py_ssize_t j = -1;
            for (Py_ssize_t k = start + 1; k < body_end; k++) {
                if (ly->kinds[k] == EQUAL) { j = k; break; }
            }
            if (j >= 0) {
                long balance = 0;
                for (Py_ssize_t k = j; k < body_end; k++) balance += ly->change[ly->kinds[k]];
                if (balance == 0) assign = j;
            }
        }
        if (nlines == cap) {
            cap *= 2;
            Line *grown = PyMem_Realloc(lines, cap * sizeof(Line));
            if (grown == NULL) { PyMem_Free(lines); PyErr_NoMemory(); return -1; }
            lines = grown;
        }
        Line line = {start, assign >= 0 ? assign : body_end, assign, comment, end};
        lines[nlines++] = line;
        start = end;
    }
    *out = lines;
    *count = nlines;
    return 0;
}

static int indent_lines(Layout *ly, Line *lines, Py_ssize_t nlines, Py_ssize_t *indents) {
    Py_ssize_t cap = 64, depth = 0;
    long *levels = PyMem_Malloc(cap * sizeof(long));
    if (levels == NULL) { PyErr_NoMemory(); return -1; }
    for (Py_ssize_t l = 0; l < nlines; l++) {
        Line *line = &lines[l];
        if (ly->kinds[line->start] == NEWLINE) { indents[l] = 0; continue; }
        long net = 0;
        for (Py_ssize_t k = line->start; k < line->lead_end; k++) {
            net += ly->change[ly->kinds[k]];
            if (ly->kinds[k] == OHEREDOC) break; /* nothing after a heredoc opener counts */
        }
        if (net > 0) {
            indents[l] = 2 * depth;
            if (depth == cap) {
                cap *= 2;
                long *grown = PyMem_Realloc(levels, cap * sizeof(long));
                if (grown == NULL) { PyMem_Free(levels); PyErr_NoMemory(); return -1; }
                levels = grown;
            }
            levels[depth++] = net;
            continue;
        }
        long closed = -net;
        while (closed > 0 && depth > 0) {
            long top = levels[depth - 1];
            if (closed >= top) { closed -= top; depth--; }
            else { levels[depth - 1] = top - closed; closed = 0; }
        }
        indents[l] = 2 * depth;
    }
    PyMem_Free(levels);
    return 0;
}

static int space_cell(Layout *ly, Py_ssize_t start, Py_ssize_t end) {
    int before = NIL, subject = ly->kinds[start];
    for (Py_ssize_t i = start + 1; i < end; i++) {
        int after = ly->kinds[i];
        int n = ly->table[subject * KIND_COUNT + after];
        if (n == ly->depends) {
            PyObject *r = PyObject_CallFunction(ly->space_after, "iii", subject, before, after);
            if (r == NULL) return -1;
            n = PyObject_IsTrue(r);
            Py_DECREF(r);
            if (n < 0) return -1;
        }
        ly->spaces[i] = n;
        before = subject;
        subject = after;
    }
    return 0;
}

static Py_ssize_t cell_width(Layout *ly, Py_ssize_t start, Py_ssize_t end) {
    Py_ssize_t total = 0;
    for (Py_ssize_t i = start; i < end; i++) {
        Py_ssize_t w = columns_of(ly, PyList_GET_ITEM(ly->texts, i));
        if (w < 0) return -1;
        total += ly->spaces[i] + w;
    }
    return total;
}

/* align.py: runs of consecutive lines with the cell; `comments` picks the comment cell over the `=`. */
static int align(Layout *ly, Line *lines, Py_ssize_t nlines, int comments) {
    Py_ssize_t run_start = -1, widest = 0;
    Py_ssize_t *widths = PyMem_Malloc((nlines + 1) * sizeof(Py_ssize_t));
    if (widths == NULL) { PyErr_NoMemory(); return -1; }
    for (Py_ssize_t l = 0; l <= nlines; l++) {
        Py_ssize_t at = l < nlines ? (comments ? lines[l].comment : lines[l].assign) : -1;
        if (at < 0) {
            if (run_start >= 0) {
                for (Py_ssize_t r = run_start; r < l; r++) {
                    Py_ssize_t idx = comments ? lines[r].comment : lines[r].assign;
                    ly->spaces[idx] = widest - widths[r] + 1;
                }
                run_start = -1;
            }
            continue;
        }
        Py_ssize_t w = cell_width(ly, lines[l].start, at);
        if (w < 0) { PyMem_Free(widths); return -1; }
        widths[l] = w;
        if (run_start < 0) { run_start = l; widest = w; }
        else if (w > widest) widest = w;
    }
    PyMem_Free(widths);
    return 0;
}

static PyObject *render(Layout *ly, Py_ssize_t eof_gap) {
    Py_ssize_t total = eof_gap;
    Py_UCS4 maxchar = 127;
    for (Py_ssize_t i = 0; i < ly->n; i++) {
        PyObject *t = PyList_GET_ITEM(ly->texts, i);
        total += ly->spaces[i] + PyUnicode_GET_LENGTH(t);
        Py_UCS4 m = PyUnicode_MAX_CHAR_VALUE(t);
        if (m > maxchar) maxchar = m;
    }
    PyObject *out = PyUnicode_New(total, maxchar);
    if (out == NULL) return NULL;
    Py_ssize_t pos = 0;
    for (Py_ssize_t i = 0; i < ly->n; i++) {
        PyObject *t = PyList_GET_ITEM(ly->texts, i);
        if (ly->spaces[i] > 0) {
            if (PyUnicode_Fill(out, pos, ly->spaces[i], ' ') < 0) { Py_DECREF(out); return NULL; }
            pos += ly->spaces[i];
        }
        Py_ssize_t len = PyUnicode_GET_LENGTH(t);
        if (len > 0 && PyUnicode_CopyCharacters(out, pos, t, 0, len) < 0) { Py_DECREF(out); return NULL; }
        pos += len;
    }
    if (eof_gap > 0 && PyUnicode_Fill(out, pos, eof_gap, ' ') < 0) { Py_DECREF(out); return NULL; }
    return out;
}

static PyObject *layout(PyObject *Py_UNUSED(self), PyObject *args) {
    PyObject *kind_list, *texts, *space_after, *columns;
    Py_ssize_t eof_gap;
    Py_buffer table, change;
    int depends;
    if (!PyArg_ParseTuple(args, "O!O!ny*y*iOO:layout", &PyList_Type, &kind_list, &PyList_Type, &texts, &eof_gap,
                          &table, &change, &depends, &space_after, &columns)) {
        return NULL;
    }
    PyObject *result = NULL;
    Line *lines = NULL;
    Py_ssize_t nlines = 0, *indents = NULL;
    Layout ly;
    ly.n = PyList_GET_SIZE(kind_list);
    ly.kinds = PyMem_Malloc((ly.n + 1) * sizeof(int));
    ly.spaces = PyMem_Calloc(ly.n + 1, sizeof(Py_ssize_t));
    ly.texts = texts;
    ly.table = table.buf;
    ly.change = change.buf;
    ly.depends = depends;
    ly.space_after = space_after;
    ly.columns = columns;
    if (ly.kinds == NULL || ly.spaces == NULL) { PyErr_NoMemory(); goto done; }
    if (table.len != KIND_COUNT * KIND_COUNT || change.len != KIND_COUNT || PyList_GET_SIZE(texts) != ly.n) {
        PyErr_SetString(PyExc_ValueError, "layout: inconsistent stream or tables");
        goto done;
    }
    for (Py_ssize_t i = 0; i < ly.n; i++) {
        long k = PyLong_AsLong(PyList_GET_ITEM(kind_list, i));
        if (k < 0 || k >= KIND_COUNT) {
            if (!PyErr_Occurred()) PyErr_SetString(PyExc_ValueError, "layout: unknown token kind");
            goto done;
        }
        if (!PyUnicode_Check(PyList_GET_ITEM(texts, i))) {
            PyErr_SetString(PyExc_TypeError, "layout: texts must be str");
            goto done;
        }
        ly.kinds[i] = (int)k;
    }
    if (split_lines(&ly, &lines, &nlines) < 0) goto done;
    indents = PyMem_Malloc((nlines + 1) * sizeof(Py_ssize_t));
    if (indents == NULL) { PyErr_NoMemory(); goto done; }
    if (indent_lines(&ly, lines, nlines, indents) < 0) goto done;
    for (Py_ssize_t l = 0; l < nlines; l++) {
        Line *line = &lines[l];
        ly.spaces[line->start] = indents[l];
        if (space_cell(&ly, line->start, line->lead_end) < 0) goto done;
        if (line->assign >= 0) {
            ly.spaces[line->assign] = 1;
            Py_ssize_t assign_end = line->comment >= 0 ? line->comment : line->end;
            if (space_cell(&ly, line->assign, assign_end) < 0) goto done;
        }
    }
    if (align(&ly, lines, nlines, 0) < 0 || align(&ly, lines, nlines, 1) < 0) goto done;
    result = render(&ly, eof_gap);
done:
    PyMem_Free(ly.kinds);
    PyMem_Free(ly.spaces);
    PyMem_Free(lines);
    PyMem_Free(indents);
    PyBuffer_Release(&table);
    PyBuffer_Release(&change);
    return result;
}

static PyMethodDef methods[] = {
    {"build_stream", build_stream, METH_VARARGS,
     "build_stream(tokens, codes) -> (kinds, texts, starts, eof_gap), or None for Python to handle."},
    {"layout", layout, METH_VARARGS,
     "layout(kinds, texts, eof_gap, table, change, depends, space_after, columns) -> the formatted text."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_layout", "Native formatter passes (see layout.py and stream.py).", -1, methods,
    NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC PyInit__layout(void) {
    name_kind = PyUnicode_InternFromString("kind");
    name_text = PyUnicode_InternFromString("text");
    name_start = PyUnicode_InternFromString("start");
    if (name_kind == NULL || name_text == NULL || name_start == NULL) return NULL;
    return PyModule_Create(&module);
}
