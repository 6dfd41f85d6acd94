/* Native accelerator for iacreview.hcl.parser: the same tree for every file that parses.
 *
 * After the native lexer, the recursive-descent parser in Python was the largest
 * share of a check (a fifth of the CPU on the corpus). This file follows parser.py,
 * parse_expressions.py and parse_templates.py step by step, for valid input only:
 * at the first thing the Python parser would report (an unexpected token, a bad
 * escape or number, a duplicate attribute, nesting too deep) it stops and returns
 * None, and the caller parses the file again in Python, which reports the errors and
 * recovers exactly as before. tests/hcl/test_native_parser.py compares both trees
 * node by node on the corpus, on edge cases and on generated input.
 *
 * Nodes are instances of the Python classes in iacreview.hcl.nodes, created without
 * running their __init__ (which only fills slots): every slot __init__ would set is
 * filled through the offsets of its member descriptor, the way _lexer.c makes tokens.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <structmember.h>

#include "token_kinds.h"

/* Node classes, in the order of the classes tuple (parser._NATIVE_CLASSES), and the slots each
 * __init__ fills besides first, last and source. */
enum {
    C_LITERAL, C_VARIABLE, C_ANON, C_GETATTR, C_INDEX, C_SPLAT, C_CALL, C_TUPLE, C_ITEM, C_OBJECT,
    C_FOR, C_COND, C_BINARY, C_UNARY, C_PARENS, C_TLIT, C_TINTERP, C_TIF, C_TFOR, C_TEMPLATE,
    C_BODY, C_ATTR, C_LABEL, C_BLOCK, C_TOKEN, C_COUNT
};
#define MAX_FIELDS 7
static const char *FIELDS[C_COUNT][MAX_FIELDS + 1] = {
    [C_LITERAL] = {"token", "value", NULL},
    [C_VARIABLE] = {"token", NULL},
    [C_ANON] = {NULL},
    [C_GETATTR] = {"obj", "name_token", NULL},
    [C_INDEX] = {"obj", "key", "close", NULL},
    [C_SPLAT] = {"src", "each", "full", NULL},
    [C_CALL] = {"name_tokens", "args", "expand_final", "close", NULL},
    [C_TUPLE] = {"items", NULL},
    [C_ITEM] = {"key", "sep", "value", NULL},
    [C_OBJECT] = {"items", NULL},
    [C_FOR] = {"key_var", "value_var", "collection", "key_expr", "value_expr", "group", "cond", NULL},
    [C_COND] = {"cond", "true_expr", "false_expr", NULL},
    [C_BINARY] = {"lhs", "op_token", "rhs", NULL},
    [C_UNARY] = {"op_token", "operand", NULL},
    [C_PARENS] = {"expr", NULL},
    [C_TLIT] = {"value", NULL},
    [C_TINTERP] = {"expr", "strip_left", "strip_right", NULL},
    [C_TIF] = {"cond", "then_parts", "else_parts", "strips", NULL},
    [C_TFOR] = {"key_var", "value_var", "collection", "body_parts", "strips", NULL},
    [C_TEMPLATE] = {"parts", "heredoc", "flush", NULL},
    [C_BODY] = {"items", "_attribute_index", NULL},
    [C_ATTR] = {"name_token", "equals", "expr", NULL},
    [C_LABEL] = {"tokens", "value", "quoted", NULL},
    [C_BLOCK] = {"type_token", "label_nodes", "open", "body", "close", NULL},
    [C_TOKEN] = {"kind", "text", "start", NULL},
};

static PyObject *cached_classes = NULL; /* the tuple the offsets below were read from */
static PyTypeObject *types[C_COUNT];
static Py_ssize_t offsets[C_COUNT][MAX_FIELDS];
static Py_ssize_t off_first, off_last, off_source;

static int slot_offset(PyTypeObject *tp, const char *name, Py_ssize_t *offset) {
    PyObject *descr = PyObject_GetAttrString((PyObject *)tp, name);
    if (descr == NULL) return -1;
    if (!Py_IS_TYPE(descr, &PyMemberDescr_Type) || ((PyMemberDescrObject *)descr)->d_member->type != T_OBJECT_EX) {
        Py_DECREF(descr);
        PyErr_Format(PyExc_TypeError, "%s.%s is not an object slot", tp->tp_name, name);
        return -1;
    }
    *offset = ((PyMemberDescrObject *)descr)->d_member->offset;
    Py_DECREF(descr);
    return 0;
}

static int read_classes(PyObject *classes) {
    if (classes == cached_classes) return 0;
    if (!PyTuple_Check(classes) || PyTuple_GET_SIZE(classes) != C_COUNT) {
        PyErr_SetString(PyExc_TypeError, "classes must be a tuple of the node classes, Label and Token");
        return -1;
    }
    for (int c = 0; c < C_COUNT; c++) {
        PyObject *tp = PyTuple_GET_ITEM(classes, c);
        if (!PyType_Check(tp)) {
            PyErr_SetString(PyExc_TypeError, "classes must hold types");
            return -1;
        }
        types[c] = (PyTypeObject *)tp;
        for (int f = 0; FIELDS[c][f] != NULL; f++)
            if (slot_offset(types[c], FIELDS[c][f], &offsets[c][f]) < 0) return -1;
    }
    if (slot_offset(types[C_LITERAL], "first", &off_first) < 0 || slot_offset(types[C_LITERAL], "last", &off_last) < 0 ||
        slot_offset(types[C_LITERAL], "source", &off_source) < 0)
        return -1;
    Py_XDECREF(cached_classes);
    Py_INCREF(classes);
    cached_classes = classes;
    return 0;
}

#define SLOT(obj, off) (*(PyObject **)((char *)(obj) + (off)))

static inline void put(PyObject *obj, Py_ssize_t off, PyObject *value) { /* value borrowed */
    Py_INCREF(value);
    Py_XSETREF(SLOT(obj, off), value);
}

/* ------------------------------------------------------------------ parser state */

typedef struct {
    PyObject **toks;     /* the significant tokens (borrowed from the list) */
    unsigned char *kind; /* their kinds */
    Py_ssize_t n;        /* count; the last is EOF */
    Py_ssize_t pos;
    int newlines;        /* are newlines significant right now? */
    int depth;
    int max_depth;
    int bail;            /* the Python parser would report something here */
    PyObject *source;
    PyObject *decode_quoted, *decode_heredoc;
    PyObject *s_for, *s_in, *s_if, *s_true, *s_false, *s_null, *s_else, *s_endif, *s_endfor, *s_heredoc_flush;
} P;

#define BAIL(p) do { (p)->bail = 1; return NULL; } while (0)

static inline Py_ssize_t clamp(P *p, Py_ssize_t i) { return i < p->n ? i : p->n - 1; }
static inline PyObject *TOK(P *p, Py_ssize_t i) { return p->toks[clamp(p, i)]; }
static inline int KIND(P *p, Py_ssize_t i) { return p->kind[clamp(p, i)]; }
static inline PyObject *TEXT(PyObject *tok) { return SLOT(tok, offsets[C_TOKEN][1]); }

/* Cursor.peek: the next significant token's index (skipping newlines where they do not count). */
static inline Py_ssize_t peek(P *p) {
    if (!p->newlines)
        while (KIND(p, p->pos) == K_NEWLINE) p->pos++;
    return p->pos;
}

static Py_ssize_t index_ahead(P *p, int ahead) {
    Py_ssize_t i = p->pos;
    int skip = !p->newlines;
    for (;;) {
        if (skip)
            while (KIND(p, i) == K_NEWLINE) i++;
        if (ahead == 0 || KIND(p, i) == K_EOF) return i;
        ahead--;
        i++;
    }
}

static inline PyObject *advance(P *p) {
    Py_ssize_t i = peek(p);
    if (KIND(p, i) != K_EOF) p->pos++;
    return TOK(p, i);
}

static inline PyObject *expect(P *p, int kind) {
    Py_ssize_t i = peek(p);
    if (KIND(p, i) != kind) { p->bail = 1; return NULL; }
    p->pos++;
    return TOK(p, i);
}

static inline int nest(P *p) {
    p->depth++;
    if (p->depth > p->max_depth) { p->bail = 1; return -1; }
    return 0;
}

static inline int text_is(PyObject *tok, PyObject *word) {
    PyObject *text = TEXT(tok);
    return text == word || PyUnicode_Compare(text, word) == 0;
}

static inline Py_ssize_t tok_start(PyObject *tok) { return PyLong_AsSsize_t(SLOT(tok, offsets[C_TOKEN][2])); }
static inline Py_ssize_t tok_end(PyObject *tok) { return tok_start(tok) + PyUnicode_GET_LENGTH(TEXT(tok)); }

/* A node of class `c` with its Node slots; `vals` are borrowed, in FIELDS order. */
static PyObject *node(P *p, int c, PyObject *first, PyObject *last, int nvals, PyObject **vals) {
    PyObject *obj = types[c]->tp_alloc(types[c], 0);
    if (obj == NULL) return NULL;
    put(obj, off_first, first);
    put(obj, off_last, last);
    put(obj, off_source, p->source);
    for (int f = 0; f < nvals; f++) put(obj, offsets[c][f], vals[f]);
    for (int f = nvals; FIELDS[c][f] != NULL; f++) put(obj, offsets[c][f], Py_None); /* left to None, as __init__ does */
    return obj;
}

#define FIRST(obj) SLOT(obj, off_first)
#define LAST(obj) SLOT(obj, off_last)

/* HCL number syntax: [0-9]+(\.[0-9]*)?([eE][+-]?[0-9]+)? as a whole (parse_expressions._NUMBER_VALUE). */
static int valid_number(PyObject *text) {
    Py_ssize_t n = PyUnicode_GET_LENGTH(text), i = 0;
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
#define C(j) PyUnicode_READ(kind, data, (j))
#define DIGIT(j) ((j) < n && C(j) >= '0' && C(j) <= '9')
    if (!DIGIT(i)) return 0;
    while (DIGIT(i)) i++;
    if (i < n && C(i) == '.') {
        i++;
        while (DIGIT(i)) i++;
    }
    if (i < n && (C(i) == 'e' || C(i) == 'E')) {
        Py_ssize_t j = i + 1;
        if (j < n && (C(j) == '+' || C(j) == '-')) j++;
        if (!DIGIT(j)) return 0;
        while (DIGIT(j)) j++;
        i = j;
    }
    return i == n;
#undef DIGIT
#undef C
}

/* The value of a literal part: the text itself unless it may hold an escape (then the Python decoder). */
static PyObject *decode(P *p, PyObject *text, int heredoc) {
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    int plain = 1;
    for (Py_ssize_t i = 0; i < n && plain; i++) {
        Py_UCS4 ch = PyUnicode_READ(kind, data, i);
        if (ch == '$' || ch == '%' || (!heredoc && ch == '\\')) plain = 0;
    }
    if (plain) {
        Py_INCREF(text);
        return text;
    }
    PyObject *value = PyObject_CallOneArg(heredoc ? p->decode_heredoc : p->decode_quoted, text);
    if (value == NULL) {
        PyErr_Clear(); /* an invalid escape: the Python parser reports it */
        p->bail = 1;
    }
    return value;
}

/* ------------------------------------------------------------------ expressions */

static PyObject *parse_expr(P *p);
static PyObject *parse_template_parts(P *p, PyObject *open, int heredoc, int end_kind, int stops,
                                      PyObject **close, int *stop_kw, int *stop_strip_l, int *stop_strip_r);

enum { KW_NONE, KW_IF, KW_ELSE, KW_ENDIF, KW_FOR, KW_ENDFOR };
#define STOP(kw) (1 << (kw))

static int binary_prec(int kind) {
    switch (kind) {
    case K_OR: return 1;
    case K_AND: return 2;
    case K_EQEQ: case K_NOTEQ: return 3;
    case K_LT: case K_LTE: case K_GT: case K_GTE: return 4;
    case K_PLUS: case K_MINUS: return 5;
    case K_STAR: case K_SLASH: case K_PERCENT: return 6;
    default: return 0;
    }
}

static PyObject *parse_get_attr(P *p, PyObject *obj) {
    Py_ssize_t i = peek(p);
    PyObject *tok = TOK(p, i);
    int kind = KIND(p, i);
    if (kind == K_NUMBER) {
        if (PyUnicode_FindChar(TEXT(tok), '.', 0, PyUnicode_GET_LENGTH(TEXT(tok)), 1) >= 0 || !valid_number(TEXT(tok)))
            BAIL(p);
    } else if (kind != K_IDENT) {
        BAIL(p);
    }
    p->pos++;
    PyObject *vals[] = {obj, tok};
    return node(p, C_GETATTR, FIRST(obj), tok, 2, vals);
}

static PyObject *parse_index(P *p, PyObject *obj) {
    advance(p);
    int saved = p->newlines;
    p->newlines = 0;
    PyObject *key = parse_expr(p);
    if (key == NULL) return NULL;
    PyObject *close = expect(p, K_CBRACK);
    p->newlines = saved;
    if (close == NULL) { Py_DECREF(key); return NULL; }
    PyObject *vals[] = {obj, key, close};
    PyObject *res = node(p, C_INDEX, FIRST(obj), close, 3, vals);
    Py_DECREF(key);
    return res;
}

/* The per-element traversal of a splat; sets *last (borrowed). */
static PyObject *parse_splat_each(P *p, PyObject *at, int full, PyObject **last) {
    PyObject *each = node(p, C_ANON, at, at, 0, NULL);
    if (each == NULL) return NULL;
    *last = at;
    for (;;) {
        Py_ssize_t i = peek(p);
        int kind = KIND(p, i);
        if (kind == K_DOT && KIND(p, index_ahead(p, 1)) != K_STAR) {
            p->pos++;
            PyObject *next = parse_get_attr(p, each);
            Py_DECREF(each);
            if (next == NULL) return NULL;
            each = next;
            *last = LAST(each);
        } else if (full && kind == K_OBRACK) {
            if (KIND(p, index_ahead(p, 1)) == K_STAR && KIND(p, index_ahead(p, 2)) == K_CBRACK) {
                PyObject *close = TOK(p, index_ahead(p, 2));
                p->pos = index_ahead(p, 2) + 1;
                PyObject *inner_last;
                if (nest(p) < 0) { Py_DECREF(each); return NULL; } /* one level per chained `[*]` */
                PyObject *inner = parse_splat_each(p, close, 1, &inner_last);
                p->depth--;
                if (inner == NULL) { Py_DECREF(each); return NULL; }
                PyObject *vals[] = {each, inner, Py_True};
                PyObject *splat = node(p, C_SPLAT, FIRST(each), inner_last, 3, vals);
                Py_DECREF(each);
                Py_DECREF(inner);
                *last = inner_last;
                return splat;
            }
            PyObject *next = parse_index(p, each);
            Py_DECREF(each);
            if (next == NULL) return NULL;
            each = next;
            *last = LAST(each);
        } else if (!full && kind == K_DOT) {
            Py_DECREF(each);
            BAIL(p); /* `.*` inside an attribute-only splat */
        } else {
            return each;
        }
    }
}

static PyObject *parse_postfix(P *p, PyObject *expr) { /* steals expr */
    for (;;) {
        Py_ssize_t i = peek(p);
        int kind = KIND(p, i);
        PyObject *next;
        if (kind == K_DOT) {
            Py_ssize_t j = index_ahead(p, 1);
            if (KIND(p, j) == K_STAR) {
                PyObject *star = TOK(p, j);
                p->pos = j + 1;
                PyObject *last;
                PyObject *each = parse_splat_each(p, star, 0, &last);
                if (each == NULL) { Py_DECREF(expr); return NULL; }
                PyObject *vals[] = {expr, each, Py_False};
                next = node(p, C_SPLAT, FIRST(expr), last, 3, vals);
                Py_DECREF(each);
            } else {
                p->pos++;
                next = parse_get_attr(p, expr);
            }
        } else if (kind == K_OBRACK) {
            if (KIND(p, index_ahead(p, 1)) == K_STAR && KIND(p, index_ahead(p, 2)) == K_CBRACK) {
                Py_ssize_t j = index_ahead(p, 2);
                PyObject *close = TOK(p, j);
                p->pos = j + 1;
                PyObject *last;
                PyObject *each = parse_splat_each(p, close, 1, &last);
                if (each == NULL) { Py_DECREF(expr); return NULL; }
                PyObject *vals[] = {expr, each, Py_True};
                next = node(p, C_SPLAT, FIRST(expr), last, 3, vals);
                Py_DECREF(each);
            } else {
                next = parse_index(p, expr);
            }
        } else {
            return expr;
        }
        Py_DECREF(expr);
        if (next == NULL) return NULL;
        expr = next;
    }
}

static PyObject *parse_call(P *p, PyObject *name_tok) {
    PyObject *names = PyList_New(0);
    if (names == NULL || PyList_Append(names, name_tok) < 0) { Py_XDECREF(names); return NULL; }
    while (KIND(p, peek(p)) == K_DCOLON) {
        PyObject *sep = advance(p);
        Py_ssize_t i = peek(p);
        if (KIND(p, i) != K_IDENT) { Py_DECREF(names); BAIL(p); }
        p->pos++;
        if (PyList_Append(names, sep) < 0 || PyList_Append(names, TOK(p, i)) < 0) { Py_DECREF(names); return NULL; }
    }
    if (expect(p, K_OPAREN) == NULL) { Py_DECREF(names); return NULL; }
    int saved = p->newlines;
    p->newlines = 0;
    PyObject *args = PyList_New(0);
    if (args == NULL) { Py_DECREF(names); return NULL; }
    PyObject *expand = Py_False;
    for (;;) {
        if (KIND(p, peek(p)) == K_CPAREN) break;
        PyObject *arg = parse_expr(p);
        if (arg == NULL || PyList_Append(args, arg) < 0) { Py_XDECREF(arg); goto fail; }
        Py_DECREF(arg);
        int kind = KIND(p, peek(p));
        if (kind == K_ELLIPSIS) {
            p->pos++;
            expand = Py_True;
            if (KIND(p, peek(p)) != K_CPAREN) { p->bail = 1; goto fail; }
            break;
        }
        if (kind == K_COMMA) { p->pos++; continue; }
        if (kind != K_CPAREN) { p->bail = 1; goto fail; }
    }
    PyObject *close = advance(p);
    p->newlines = saved;
    PyObject *vals[] = {names, args, expand, close};
    PyObject *res = node(p, C_CALL, name_tok, close, 4, vals);
    Py_DECREF(names);
    Py_DECREF(args);
    return res;
fail:
    Py_DECREF(names);
    Py_DECREF(args);
    return NULL;
}

static PyObject *parse_name(P *p) {
    PyObject *tok = TOK(p, p->pos);
    p->pos++;
    int next = KIND(p, peek(p));
    if (next == K_OPAREN || next == K_DCOLON) return parse_call(p, tok);
    PyObject *text = TEXT(tok);
    PyObject *value = NULL;
    if (text_is(tok, p->s_true)) value = Py_True;
    else if (text_is(tok, p->s_false)) value = Py_False;
    else if (text_is(tok, p->s_null)) value = Py_None;
    (void)text;
    if (value != NULL) {
        PyObject *vals[] = {tok, value};
        return node(p, C_LITERAL, tok, tok, 2, vals);
    }
    PyObject *vals[] = {tok};
    return node(p, C_VARIABLE, tok, tok, 1, vals);
}

/* `k, v in coll` after `for`: sets *key_var (new ref or None), *value_var (new ref), returns coll. */
static PyObject *parse_for_head(P *p, PyObject **key_var, PyObject **value_var) {
    PyObject *first = expect(p, K_IDENT);
    if (first == NULL) return NULL;
    PyObject *key = Py_None, *value = TEXT(first);
    if (KIND(p, peek(p)) == K_COMMA) {
        p->pos++;
        PyObject *second = expect(p, K_IDENT);
        if (second == NULL) return NULL;
        key = TEXT(first);
        value = TEXT(second);
    }
    Py_ssize_t i = peek(p);
    if (KIND(p, i) != K_IDENT || !text_is(TOK(p, i), p->s_in)) BAIL(p);
    p->pos++;
    PyObject *coll = parse_expr(p);
    if (coll == NULL) return NULL;
    Py_INCREF(key);
    Py_INCREF(value);
    *key_var = key;
    *value_var = value;
    return coll;
}

static PyObject *parse_for(P *p, PyObject *open, int close_kind) {
    p->pos++; /* 'for' */
    PyObject *key_var = NULL, *value_var = NULL, *coll = NULL, *key_expr = NULL, *value_expr = NULL, *cond = NULL;
    PyObject *res = NULL, *group = Py_False;
    coll = parse_for_head(p, &key_var, &value_var);
    if (coll == NULL) goto done;
    if (expect(p, K_COLON) == NULL) goto done;
    if (close_kind == K_CBRACE) {
        key_expr = parse_expr(p);
        if (key_expr == NULL || expect(p, K_FATARROW) == NULL) goto done;
    }
    value_expr = parse_expr(p);
    if (value_expr == NULL) goto done;
    if (close_kind == K_CBRACE && KIND(p, peek(p)) == K_ELLIPSIS) {
        p->pos++;
        group = Py_True;
    }
    Py_ssize_t i = peek(p);
    if (KIND(p, i) == K_IDENT && text_is(TOK(p, i), p->s_if)) {
        p->pos++;
        cond = parse_expr(p);
        if (cond == NULL) goto done;
    }
    PyObject *close = expect(p, close_kind);
    if (close == NULL) goto done;
    PyObject *vals[] = {key_var, value_var, coll, key_expr ? key_expr : Py_None, value_expr, group,
                        cond ? cond : Py_None};
    res = node(p, C_FOR, open, close, 7, vals);
done:
    Py_XDECREF(key_var);
    Py_XDECREF(value_var);
    Py_XDECREF(coll);
    Py_XDECREF(key_expr);
    Py_XDECREF(value_expr);
    Py_XDECREF(cond);
    return res;
}

static PyObject *parse_tuple(P *p) {
    PyObject *open = advance(p);
    int saved = p->newlines;
    p->newlines = 0;
    Py_ssize_t i = peek(p);
    if (KIND(p, i) == K_IDENT && text_is(TOK(p, i), p->s_for)) {
        PyObject *res = parse_for(p, open, K_CBRACK);
        p->newlines = saved;
        return res;
    }
    PyObject *items = PyList_New(0);
    if (items == NULL) return NULL;
    for (;;) {
        if (KIND(p, peek(p)) == K_CBRACK) break;
        PyObject *item = parse_expr(p);
        if (item == NULL || PyList_Append(items, item) < 0) { Py_XDECREF(item); Py_DECREF(items); return NULL; }
        Py_DECREF(item);
        int kind = KIND(p, peek(p));
        if (kind == K_COMMA) p->pos++;
        else if (kind != K_CBRACK) { Py_DECREF(items); BAIL(p); }
    }
    PyObject *close = advance(p);
    p->newlines = saved;
    PyObject *vals[] = {items};
    PyObject *res = node(p, C_TUPLE, open, close, 1, vals);
    Py_DECREF(items);
    return res;
}

static PyObject *parse_object_key(P *p) {
    Py_ssize_t i = peek(p);
    if (KIND(p, i) == K_IDENT && (KIND(p, p->pos + 1) == K_EQUAL || KIND(p, p->pos + 1) == K_COLON)) {
        PyObject *tok = TOK(p, i);
        p->pos++;
        PyObject *vals[] = {tok};
        return node(p, C_VARIABLE, tok, tok, 1, vals);
    }
    p->newlines = 1;
    PyObject *key = parse_expr(p);
    p->newlines = 0;
    return key;
}

static PyObject *parse_object(P *p) {
    PyObject *open = advance(p);
    int saved = p->newlines;
    p->newlines = 0;
    Py_ssize_t i = peek(p);
    if (KIND(p, i) == K_IDENT && text_is(TOK(p, i), p->s_for)) {
        PyObject *res = parse_for(p, open, K_CBRACE);
        p->newlines = saved;
        return res;
    }
    PyObject *items = PyList_New(0);
    if (items == NULL) return NULL;
    for (;;) {
        p->newlines = 0;
        if (KIND(p, peek(p)) == K_CBRACE) break;
        PyObject *key = parse_object_key(p);
        if (key == NULL) { Py_DECREF(items); return NULL; }
        Py_ssize_t s = peek(p);
        if (KIND(p, s) != K_EQUAL && KIND(p, s) != K_COLON) { Py_DECREF(key); Py_DECREF(items); BAIL(p); }
        PyObject *sep = TOK(p, s);
        p->pos++;
        p->newlines = 1;
        PyObject *value = parse_expr(p);
        if (value == NULL) { Py_DECREF(key); Py_DECREF(items); return NULL; }
        PyObject *vals[] = {key, sep, value};
        PyObject *item = node(p, C_ITEM, FIRST(key), LAST(value), 3, vals);
        Py_DECREF(key);
        Py_DECREF(value);
        if (item == NULL || PyList_Append(items, item) < 0) { Py_XDECREF(item); Py_DECREF(items); return NULL; }
        Py_DECREF(item);
        int kind = KIND(p, p->pos);
        if (kind == K_COMMA || kind == K_NEWLINE) p->pos++;
        else if (kind != K_CBRACE) { Py_DECREF(items); BAIL(p); }
    }
    p->newlines = 0;
    PyObject *close = advance(p);
    p->newlines = saved;
    PyObject *vals[] = {items};
    PyObject *res = node(p, C_OBJECT, open, close, 1, vals);
    Py_DECREF(items);
    return res;
}

static PyObject *template_node(P *p, PyObject *open, int heredoc) {
    PyObject *close;
    int kw, sl, sr;
    PyObject *parts = parse_template_parts(p, open, heredoc, heredoc ? K_CHEREDOC : K_CQUOTE, 0, &close, &kw, &sl, &sr);
    if (parts == NULL) return NULL;
    PyObject *flush = Py_False;
    if (heredoc) {
        int starts = PyUnicode_Tailmatch(TEXT(open), p->s_heredoc_flush, 0, PY_SSIZE_T_MAX, -1);
        if (starts < 0) { Py_DECREF(parts); return NULL; }
        flush = starts ? Py_True : Py_False;
    }
    PyObject *vals[] = {parts, heredoc ? Py_True : Py_False, flush};
    PyObject *res = node(p, C_TEMPLATE, open, close, 3, vals);
    Py_DECREF(parts);
    return res;
}

static PyObject *parse_primary(P *p) {
    Py_ssize_t i = peek(p);
    PyObject *tok = TOK(p, i);
    switch (KIND(p, i)) {
    case K_NUMBER: {
        if (!valid_number(TEXT(tok))) BAIL(p);
        p->pos++;
        PyObject *vals[] = {tok, TEXT(tok)};
        return node(p, C_LITERAL, tok, tok, 2, vals);
    }
    case K_IDENT: return parse_name(p);
    case K_OQUOTE: p->pos++; return template_node(p, tok, 0);
    case K_OHEREDOC: return template_node(p, advance(p), 1);
    case K_OBRACK: return parse_tuple(p);
    case K_OBRACE: return parse_object(p);
    case K_OPAREN: {
        p->pos++;
        int saved = p->newlines;
        p->newlines = 0;
        PyObject *inner = parse_expr(p);
        if (inner == NULL) return NULL;
        PyObject *close = expect(p, K_CPAREN);
        p->newlines = saved;
        if (close == NULL) { Py_DECREF(inner); return NULL; }
        PyObject *vals[] = {inner};
        PyObject *res = node(p, C_PARENS, tok, close, 1, vals);
        Py_DECREF(inner);
        return res;
    }
    default: BAIL(p);
    }
}

static PyObject *parse_unary(P *p) {
    Py_ssize_t i = peek(p);
    int kind = KIND(p, i);
    if (kind == K_MINUS || kind == K_BANG) {
        PyObject *tok = TOK(p, i);
        p->pos++;
        if (nest(p) < 0) return NULL;
        PyObject *operand = parse_unary(p);
        p->depth--;
        if (operand == NULL) return NULL;
        PyObject *vals[] = {tok, operand};
        PyObject *res = node(p, C_UNARY, tok, LAST(operand), 2, vals);
        Py_DECREF(operand);
        return res;
    }
    PyObject *primary = parse_primary(p);
    if (primary == NULL) return NULL;
    return parse_postfix(p, primary);
}

static PyObject *parse_binary(P *p, int min_prec) {
    PyObject *lhs = parse_unary(p);
    if (lhs == NULL) return NULL;
    for (;;) {
        Py_ssize_t i = peek(p);
        int prec = binary_prec(KIND(p, i));
        if (prec == 0 || prec < min_prec) return lhs;
        PyObject *op = TOK(p, i);
        p->pos++;
        PyObject *rhs = parse_binary(p, prec + 1);
        if (rhs == NULL) { Py_DECREF(lhs); return NULL; }
        PyObject *vals[] = {lhs, op, rhs};
        PyObject *res = node(p, C_BINARY, FIRST(lhs), LAST(rhs), 3, vals);
        Py_DECREF(lhs);
        Py_DECREF(rhs);
        if (res == NULL) return NULL;
        lhs = res;
    }
}

static PyObject *parse_expr(P *p) {
    peek(p);
    if (nest(p) < 0) return NULL;
    PyObject *cond = parse_binary(p, 1);
    if (cond == NULL) return NULL;
    if (KIND(p, peek(p)) != K_QUESTION) {
        p->depth--;
        return cond;
    }
    p->pos++;
    PyObject *t = parse_expr(p);
    if (t == NULL) { Py_DECREF(cond); return NULL; }
    if (expect(p, K_COLON) == NULL) { Py_DECREF(cond); Py_DECREF(t); return NULL; }
    PyObject *f = parse_expr(p);
    if (f == NULL) { Py_DECREF(cond); Py_DECREF(t); return NULL; }
    p->depth--;
    PyObject *vals[] = {cond, t, f};
    PyObject *res = node(p, C_COND, FIRST(cond), LAST(f), 3, vals);
    Py_DECREF(cond);
    Py_DECREF(t);
    Py_DECREF(f);
    return res;
}

/* ------------------------------------------------------------------ templates */

/* A `~` strip marker that must touch `${`/`%{` (opener given) or the following `}` (before). */
static int strip_marker(P *p, PyObject *opener, int before) {
    Py_ssize_t i = peek(p);
    if (KIND(p, i) != K_TILDE) return 0;
    PyObject *tok = TOK(p, i);
    int touching;
    if (before) touching = KIND(p, p->pos + 1) == K_TEMPLATE_SEQ_END && tok_start(TOK(p, p->pos + 1)) == tok_end(tok);
    else touching = opener != NULL && tok_end(opener) == tok_start(tok);
    if (!touching) { p->bail = 1; return -1; }
    p->pos++;
    return 1;
}

static int keyword_of(P *p, PyObject *tok) {
    if (text_is(tok, p->s_if)) return KW_IF;
    if (text_is(tok, p->s_else)) return KW_ELSE;
    if (text_is(tok, p->s_endif)) return KW_ENDIF;
    if (text_is(tok, p->s_for)) return KW_FOR;
    if (text_is(tok, p->s_endfor)) return KW_ENDFOR;
    return KW_NONE;
}

/* `%{ keyword`: returns the opening token (borrowed), sets *kw and *strip_l. */
static PyObject *directive_head(P *p, int *kw, int *strip_l) {
    PyObject *open = advance(p);
    int saved = p->newlines;
    p->newlines = 0;
    int sl = strip_marker(p, open, 0);
    if (sl < 0) return NULL;
    Py_ssize_t i = peek(p);
    p->newlines = saved;
    if (KIND(p, i) != K_IDENT || (*kw = keyword_of(p, TOK(p, i))) == KW_NONE) BAIL(p);
    p->pos++;
    *strip_l = sl;
    return open;
}

/* `~}` closing a directive: returns the `}` (borrowed), sets *strip_r. */
static PyObject *directive_end(P *p, int *strip_r) {
    int saved = p->newlines;
    p->newlines = 0;
    int sr = strip_marker(p, NULL, 1);
    if (sr < 0) return NULL;
    PyObject *close = expect(p, K_TEMPLATE_SEQ_END);
    p->newlines = saved;
    *strip_r = sr;
    return close;
}

static PyObject *parse_interp(P *p) {
    PyObject *open = advance(p);
    if (nest(p) < 0) return NULL;
    int saved = p->newlines;
    p->newlines = 0;
    int sl = strip_marker(p, open, 0);
    if (sl < 0) return NULL;
    PyObject *expr = parse_expr(p);
    if (expr == NULL) return NULL;
    int sr = strip_marker(p, NULL, 1);
    PyObject *close = sr < 0 ? NULL : expect(p, K_TEMPLATE_SEQ_END);
    if (close == NULL) { Py_DECREF(expr); return NULL; }
    p->newlines = saved;
    p->depth--;
    PyObject *vals[] = {expr, sl ? Py_True : Py_False, sr ? Py_True : Py_False};
    PyObject *res = node(p, C_TINTERP, open, close, 3, vals);
    Py_DECREF(expr);
    return res;
}

static PyObject *strips_tuple(int n, const int *s) {
    PyObject *t = PyTuple_New(n);
    if (t == NULL) return NULL;
    for (int i = 0; i < n; i++) {
        PyObject *b = s[i] ? Py_True : Py_False;
        Py_INCREF(b);
        PyTuple_SET_ITEM(t, i, b);
    }
    return t;
}

static PyObject *parse_template_if(P *p, PyObject *open, int strip_l, int heredoc, int end_kind) {
    if (nest(p) < 0) return NULL;
    int saved = p->newlines;
    p->newlines = 0;
    PyObject *cond = parse_expr(p);
    if (cond == NULL) return NULL;
    p->newlines = saved;
    PyObject *then_parts = NULL, *else_parts = NULL, *res = NULL, *close;
    int strip_r, kw, s1, s2, strips[6];
    if (directive_end(p, &strip_r) == NULL) goto done;
    then_parts = parse_template_parts(p, open, heredoc, end_kind, STOP(KW_ELSE) | STOP(KW_ENDIF), &close, &kw, &s1, &s2);
    if (then_parts == NULL) goto done;
    int n = 4;
    strips[0] = strip_l; strips[1] = strip_r; strips[2] = s1; strips[3] = s2;
    if (kw == KW_ELSE) {
        else_parts = parse_template_parts(p, open, heredoc, end_kind, STOP(KW_ENDIF), &close, &kw, &s1, &s2);
        if (else_parts == NULL) goto done;
        strips[4] = s1; strips[5] = s2;
        n = 6;
    }
    p->depth--;
    PyObject *st = strips_tuple(n, strips);
    if (st == NULL) goto done;
    PyObject *vals[] = {cond, then_parts, else_parts ? else_parts : Py_None, st};
    res = node(p, C_TIF, open, close, 4, vals);
    Py_DECREF(st);
done:
    Py_DECREF(cond);
    Py_XDECREF(then_parts);
    Py_XDECREF(else_parts);
    return res;
}

static PyObject *parse_template_for(P *p, PyObject *open, int strip_l, int heredoc, int end_kind) {
    if (nest(p) < 0) return NULL;
    int saved = p->newlines;
    p->newlines = 0;
    PyObject *key_var = NULL, *value_var = NULL, *body = NULL, *res = NULL, *close;
    PyObject *coll = parse_for_head(p, &key_var, &value_var);
    if (coll == NULL) return NULL;
    p->newlines = saved;
    int strip_r, kw, s1, s2;
    if (directive_end(p, &strip_r) == NULL) goto done;
    body = parse_template_parts(p, open, heredoc, end_kind, STOP(KW_ENDFOR), &close, &kw, &s1, &s2);
    if (body == NULL) goto done;
    p->depth--;
    int strips[4] = {strip_l, strip_r, s1, s2};
    PyObject *st = strips_tuple(4, strips);
    if (st == NULL) goto done;
    PyObject *vals[] = {key_var, value_var, coll, body, st};
    res = node(p, C_TFOR, open, close, 5, vals);
    Py_DECREF(st);
done:
    Py_DECREF(coll);
    Py_XDECREF(key_var);
    Py_XDECREF(value_var);
    Py_XDECREF(body);
    return res;
}

/* Parts up to the end of the template, or up to a directive whose keyword is in `stops`
 * (then *stop_kw and the directive's strip markers are set; otherwise *stop_kw is KW_NONE).
 * *close receives the last token read (borrowed). */
static PyObject *parse_template_parts(P *p, PyObject *open, int heredoc, int end_kind, int stops,
                                      PyObject **close, int *stop_kw, int *stop_strip_l, int *stop_strip_r) {
    int lit_kind = heredoc ? K_STRING_LIT : K_QUOTED_LIT;
    PyObject *parts = PyList_New(0);
    if (parts == NULL) return NULL;
    for (;;) {
        Py_ssize_t i = p->pos;
        PyObject *tok = TOK(p, i);
        int kind = KIND(p, i);
        PyObject *part;
        if (kind == lit_kind) {
            p->pos++;
            PyObject *value = decode(p, TEXT(tok), heredoc);
            if (value == NULL) goto fail;
            PyObject *vals[] = {value};
            part = node(p, C_TLIT, tok, tok, 1, vals);
            Py_DECREF(value);
        } else if (kind == end_kind) {
            if (stops) { p->bail = 1; goto fail; }
            p->pos++;
            *close = tok;
            *stop_kw = KW_NONE;
            return parts;
        } else if (kind == K_TEMPLATE_INTERP) {
            part = parse_interp(p);
        } else if (kind == K_TEMPLATE_CONTROL) {
            int kw, sl;
            PyObject *open_dir = directive_head(p, &kw, &sl);
            if (open_dir == NULL) goto fail;
            if (stops & STOP(kw)) {
                int sr;
                PyObject *end = directive_end(p, &sr);
                if (end == NULL) goto fail;
                *close = end;
                *stop_kw = kw;
                *stop_strip_l = sl;
                *stop_strip_r = sr;
                return parts;
            }
            if (kw == KW_IF) part = parse_template_if(p, open_dir, sl, heredoc, end_kind);
            else if (kw == KW_FOR) part = parse_template_for(p, open_dir, sl, heredoc, end_kind);
            else { p->bail = 1; goto fail; }
        } else {
            p->bail = 1;
            goto fail;
        }
        if (part == NULL || PyList_Append(parts, part) < 0) { Py_XDECREF(part); goto fail; }
        Py_DECREF(part);
    }
fail:
    Py_DECREF(parts);
    return NULL;
}

/* ------------------------------------------------------------------ bodies */

static PyObject *parse_body(P *p, PyObject *opener);

static PyObject *parse_attribute(P *p) {
    PyObject *name = TOK(p, p->pos), *equals = TOK(p, p->pos + 1);
    p->pos += 2;
    PyObject *expr = parse_expr(p);
    if (expr == NULL) return NULL;
    PyObject *vals[] = {name, equals, expr};
    PyObject *res = node(p, C_ATTR, name, LAST(expr), 3, vals);
    Py_DECREF(expr);
    return res;
}

static int end_of_item(P *p) {
    Py_ssize_t i = peek(p);
    int kind = KIND(p, i);
    if (kind == K_NEWLINE) p->pos++;
    else if (kind != K_EOF) { p->bail = 1; return -1; }
    return 0;
}

static PyObject *label(PyObject *tokens, PyObject *value, PyObject *quoted) {
    PyObject *obj = types[C_LABEL]->tp_alloc(types[C_LABEL], 0);
    if (obj == NULL) return NULL;
    put(obj, offsets[C_LABEL][0], tokens);
    put(obj, offsets[C_LABEL][1], value);
    put(obj, offsets[C_LABEL][2], quoted);
    return obj;
}

static PyObject *parse_label(P *p) {
    PyObject *toks = PyList_New(0), *value = PyUnicode_New(0, 0);
    if (toks == NULL || value == NULL || PyList_Append(toks, advance(p)) < 0) goto fail;
    for (;;) {
        PyObject *tok = TOK(p, p->pos);
        int kind = KIND(p, p->pos);
        if (kind == K_QUOTED_LIT) {
            PyObject *part = decode(p, TEXT(tok), 0);
            if (part == NULL) goto fail;
            PyObject *joined = PyUnicode_Concat(value, part);
            Py_DECREF(part);
            if (joined == NULL) goto fail;
            Py_SETREF(value, joined);
            if (PyList_Append(toks, tok) < 0) goto fail;
            p->pos++;
        } else if (kind == K_CQUOTE) {
            if (PyList_Append(toks, tok) < 0) goto fail;
            p->pos++;
            PyObject *res = label(toks, value, Py_True);
            Py_DECREF(toks);
            Py_DECREF(value);
            return res;
        } else {
            p->bail = 1;
            goto fail;
        }
    }
fail:
    Py_XDECREF(toks);
    Py_XDECREF(value);
    return NULL;
}

static PyObject *parse_single_line_body(P *p) {
    Py_ssize_t i = peek(p);
    PyObject *tok = TOK(p, i);
    if (KIND(p, i) == K_CBRACE) {
        PyObject *items = PyList_New(0);
        if (items == NULL) return NULL;
        PyObject *vals[] = {items};
        PyObject *res = node(p, C_BODY, tok, tok, 1, vals);
        Py_DECREF(items);
        return res;
    }
    if (KIND(p, i) == K_IDENT && KIND(p, p->pos + 1) == K_EQUAL) {
        PyObject *attr = parse_attribute(p);
        if (attr == NULL) return NULL;
        if (KIND(p, peek(p)) != K_CBRACE) { Py_DECREF(attr); BAIL(p); }
        PyObject *items = PyList_New(1);
        if (items == NULL) { Py_DECREF(attr); return NULL; }
        PyList_SET_ITEM(items, 0, attr); /* steals */
        PyObject *vals[] = {items};
        PyObject *res = node(p, C_BODY, FIRST(attr), LAST(attr), 1, vals);
        Py_DECREF(items);
        return res;
    }
    BAIL(p);
}

static PyObject *parse_block(P *p) {
    PyObject *type_tok = TOK(p, p->pos);
    p->pos++;
    PyObject *labels = PyList_New(0), *body = NULL, *res = NULL;
    if (labels == NULL) return NULL;
    for (;;) {
        Py_ssize_t i = peek(p);
        int kind = KIND(p, i);
        PyObject *lab;
        if (kind == K_IDENT) {
            PyObject *tok = TOK(p, i);
            p->pos++;
            PyObject *toks = PyList_New(1);
            if (toks == NULL) goto done;
            Py_INCREF(tok);
            PyList_SET_ITEM(toks, 0, tok);
            lab = label(toks, TEXT(tok), Py_False);
            Py_DECREF(toks);
        } else if (kind == K_OQUOTE) {
            lab = parse_label(p);
        } else {
            break;
        }
        if (lab == NULL || PyList_Append(labels, lab) < 0) { Py_XDECREF(lab); goto done; }
        Py_DECREF(lab);
    }
    PyObject *open = expect(p, K_OBRACE);
    if (open == NULL || nest(p) < 0) goto done;
    int after = KIND(p, peek(p));
    body = (after == K_NEWLINE || after == K_EOF) ? parse_body(p, open) : parse_single_line_body(p);
    if (body == NULL) goto done;
    Py_ssize_t c = peek(p);
    if (KIND(p, c) != K_CBRACE) { p->bail = 1; goto done; }
    PyObject *close = TOK(p, c);
    p->pos++;
    p->depth--;
    PyObject *vals[] = {type_tok, labels, open, body, close};
    res = node(p, C_BLOCK, type_tok, close, 5, vals);
    if (res != NULL && end_of_item(p) < 0) Py_CLEAR(res);
done:
    Py_DECREF(labels);
    Py_XDECREF(body);
    return res;
}

static PyObject *parse_item(P *p) {
    Py_ssize_t i = peek(p);
    if (KIND(p, i) != K_IDENT) BAIL(p);
    int next = KIND(p, p->pos + 1);
    if (next == K_EQUAL) {
        PyObject *attr = parse_attribute(p);
        if (attr != NULL && end_of_item(p) < 0) Py_CLEAR(attr);
        return attr;
    }
    if (next == K_OQUOTE || next == K_IDENT || next == K_OBRACE) return parse_block(p);
    BAIL(p);
}

static PyObject *parse_body(P *p, PyObject *opener) {
    PyObject *items = PyList_New(0), *seen = PyDict_New();
    if (items == NULL || seen == NULL) goto fail;
    PyObject *start = TOK(p, peek(p));
    for (;;) {
        Py_ssize_t i = peek(p);
        int kind = KIND(p, i);
        if (kind == K_NEWLINE) { p->pos++; continue; }
        if (kind == K_EOF) {
            if (opener != NULL) { p->bail = 1; goto fail; }
            break;
        }
        if (kind == K_CBRACE) {
            if (opener != NULL) break;
            p->bail = 1;
            goto fail;
        }
        PyObject *item = parse_item(p);
        if (item == NULL) goto fail;
        if (Py_IS_TYPE(item, types[C_ATTR])) {
            PyObject *name = TEXT(SLOT(item, offsets[C_ATTR][0]));
            int dup = PyDict_Contains(seen, name);
            if (dup != 0 || PyDict_SetItem(seen, name, Py_None) < 0) {
                if (dup > 0) p->bail = 1; /* set twice: the Python parser reports it */
                Py_DECREF(item);
                goto fail;
            }
        }
        int rc = PyList_Append(items, item);
        Py_DECREF(item);
        if (rc < 0) goto fail;
    }
    Py_ssize_t n = PyList_GET_SIZE(items);
    PyObject *first = n ? FIRST(PyList_GET_ITEM(items, 0)) : start;
    PyObject *last = n ? LAST(PyList_GET_ITEM(items, n - 1)) : start;
    PyObject *vals[] = {items};
    PyObject *res = node(p, C_BODY, first, last, 1, vals);
    Py_DECREF(items);
    Py_DECREF(seen);
    return res;
fail:
    Py_XDECREF(items);
    Py_XDECREF(seen);
    return NULL;
}

/* ------------------------------------------------------------------ module */

static PyObject *kinds_cache = NULL;

/* parse_body(sig, source, kinds, classes, decode_quoted, decode_heredoc, max_nesting) -> Body or None */
static PyObject *py_parse_body(PyObject *self, PyObject *args) {
    PyObject *sig, *source, *kinds, *classes, *dq, *dh;
    int max_depth;
    if (!PyArg_ParseTuple(args, "O!OO!OOOi", &PyList_Type, &sig, &source, &PyTuple_Type, &kinds, &classes, &dq, &dh,
                          &max_depth))
        return NULL;
    if (PyTuple_GET_SIZE(kinds) != K_COUNT) {
        PyErr_SetString(PyExc_ValueError, "kinds must list every token kind in the lexer's order");
        return NULL;
    }
    if (read_classes(classes) < 0) return NULL;
    Py_ssize_t n = PyList_GET_SIZE(sig);
    if (n == 0) Py_RETURN_NONE;
    P p = {0};
    p.toks = PySequence_Fast_ITEMS(sig);
    p.n = n;
    p.newlines = 1;
    p.max_depth = max_depth;
    p.source = source;
    p.decode_quoted = dq;
    p.decode_heredoc = dh;
    p.kind = PyMem_Malloc(n);
    if (p.kind == NULL) return PyErr_NoMemory();
    PyObject *result = NULL;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *tok = p.toks[i];
        if (!Py_IS_TYPE(tok, types[C_TOKEN])) goto none;
        PyObject *kind = SLOT(tok, offsets[C_TOKEN][0]);
        int k = -1;
        for (int j = 0; j < K_COUNT; j++)
            if (PyTuple_GET_ITEM(kinds, j) == kind) { k = j; break; }
        if (k < 0) /* an equal string that is another object (the Python lexer builds some kinds) */
            for (int j = 0; j < K_COUNT; j++)
                if (PyUnicode_Check(kind) && PyUnicode_Compare(PyTuple_GET_ITEM(kinds, j), kind) == 0) { k = j; break; }
        if (k < 0) goto none; /* a kind this parser does not know: leave the file to Python */
        p.kind[i] = (unsigned char)k;
    }
    if (p.kind[n - 1] != K_EOF) goto none;
    p.s_for = PyUnicode_InternFromString("for");
    p.s_in = PyUnicode_InternFromString("in");
    p.s_if = PyUnicode_InternFromString("if");
    p.s_true = PyUnicode_InternFromString("true");
    p.s_false = PyUnicode_InternFromString("false");
    p.s_null = PyUnicode_InternFromString("null");
    p.s_else = PyUnicode_InternFromString("else");
    p.s_endif = PyUnicode_InternFromString("endif");
    p.s_endfor = PyUnicode_InternFromString("endfor");
    p.s_heredoc_flush = PyUnicode_InternFromString("<<-");
    if (!p.s_for || !p.s_in || !p.s_if || !p.s_true || !p.s_false || !p.s_null || !p.s_else || !p.s_endif ||
        !p.s_endfor || !p.s_heredoc_flush)
        goto out;
    result = parse_body(&p, NULL);
    if (result == NULL && p.bail && !PyErr_Occurred()) goto none;
    goto out;
none:
    Py_INCREF(Py_None);
    result = Py_None;
out:
    PyMem_Free(p.kind);
    Py_XDECREF(p.s_for); Py_XDECREF(p.s_in); Py_XDECREF(p.s_if); Py_XDECREF(p.s_true); Py_XDECREF(p.s_false);
    Py_XDECREF(p.s_null); Py_XDECREF(p.s_else); Py_XDECREF(p.s_endif); Py_XDECREF(p.s_endfor);
    Py_XDECREF(p.s_heredoc_flush);
    (void)kinds_cache;
    return result;
}

static PyMethodDef methods[] = {
    {"parse_body", py_parse_body, METH_VARARGS,
     "parse_body(sig, source, kinds, classes, decode_quoted, decode_heredoc, max_nesting) -> Body or None\n\n"
     "The top-level body of a file whose significant tokens are `sig`, or None where the Python parser\n"
     "would report an error (it then parses the file itself)."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_parser", "Native HCL parser for valid input.", -1, methods};

PyMODINIT_FUNC PyInit__parser(void) { return PyModule_Create(&module); }
