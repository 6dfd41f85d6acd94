/* Native accelerator for iacreview.hcl.lexer.lex: the same tokens, about five times faster.
 *
 * Python's per-token work (a regex call, a match object, a Python-level __init__) is
 * most of the time a check spends outside the rules. This file implements exactly
 * the state machine of lexer.py for ASCII syntax: expression mode, quoted and
 * heredoc templates, comments, numbers and operators. Text inside strings, heredocs
 * and comments may be any Unicode; where an identifier or a heredoc marker meets a
 * non-ASCII character (whose class needs the UAX #31 tables) it returns None and
 * the caller lexes the file in Python. tests/hcl/test_native_lexer.py compares
 * both lexers token by token on the corpus and on generated input.
 *
 * Tokens are instances of the Python class iacreview.hcl.tokens.Token, created
 * without running its __init__: its five __slots__ are filled through the offsets
 * their member descriptors give.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <structmember.h>

#include "token_kinds.h"

enum { MODE_EXPR, MODE_QUOTED, MODE_HEREDOC };

typedef struct {
    int mode;
    Py_ssize_t depth;        /* expression mode: open braces */
    Py_ssize_t marker_start; /* heredoc mode: the marker, as a slice of the text */
    Py_ssize_t marker_len;
    int at_line_start;       /* heredoc mode */
} Frame;

typedef struct {
    int kind;
    const void *data;
    Py_ssize_t n;
    PyObject *text;
    PyObject *out;
    PyObject *sig; /* when not NULL: the tokens that are not trivia (whitespace, BOM, comments) */
    PyTypeObject *tp;
    PyObject *kinds[K_COUNT];
    Py_ssize_t line, line_start;
    Frame *frames;
    Py_ssize_t nframes, cap;
} Lexer;

/* Slot offsets of the Token class, found once per class. */
static PyTypeObject *cached_type = NULL;
static Py_ssize_t off_kind, off_text, off_start, off_line, off_col;

static int slot_offset(PyTypeObject *tp, const char *name, Py_ssize_t *offset) {
    PyObject *descr = PyObject_GetAttrString((PyObject *)tp, name);
    if (descr == NULL) return -1;
    if (!Py_IS_TYPE(descr, &PyMemberDescr_Type)) {
        Py_DECREF(descr);
        PyErr_Format(PyExc_TypeError, "Token.%s is not a slot", name);
        return -1;
    }
    PyMemberDef *member = ((PyMemberDescrObject *)descr)->d_member;
    if (member->type != T_OBJECT_EX) {
        Py_DECREF(descr);
        PyErr_Format(PyExc_TypeError, "Token.%s is not an object slot", name);
        return -1;
    }
    *offset = member->offset;
    Py_DECREF(descr);
    return 0;
}

static int find_slots(PyTypeObject *tp) {
    if (tp == cached_type) return 0;
    if (slot_offset(tp, "kind", &off_kind) < 0 || slot_offset(tp, "text", &off_text) < 0 ||
        slot_offset(tp, "start", &off_start) < 0 || slot_offset(tp, "line", &off_line) < 0 ||
        slot_offset(tp, "col", &off_col) < 0) {
        cached_type = NULL;
        return -1;
    }
    cached_type = tp;
    return 0;
}

static inline void set_slot(PyObject *obj, Py_ssize_t offset, PyObject *value) {
    PyObject **slot = (PyObject **)((char *)obj + offset);
    Py_XSETREF(*slot, value);
}

#define CH(lx, i) PyUnicode_READ((lx)->kind, (lx)->data, (i))

/* Append one token covering text[start:end) at (line, col). */
static int emit(Lexer *lx, int kind, Py_ssize_t start, Py_ssize_t end, Py_ssize_t line, Py_ssize_t col) {
    PyObject *tok = lx->tp->tp_alloc(lx->tp, 0);
    if (tok == NULL) return -1;
    PyObject *text = PyUnicode_Substring(lx->text, start, end);
    PyObject *pstart = PyLong_FromSsize_t(start);
    PyObject *pline = PyLong_FromSsize_t(line);
    PyObject *pcol = PyLong_FromSsize_t(col);
    if (text == NULL || pstart == NULL || pline == NULL || pcol == NULL) {
        Py_XDECREF(text); Py_XDECREF(pstart); Py_XDECREF(pline); Py_XDECREF(pcol);
        Py_DECREF(tok);
        return -1;
    }
    Py_INCREF(lx->kinds[kind]);
    set_slot(tok, off_kind, lx->kinds[kind]);
    set_slot(tok, off_text, text);
    set_slot(tok, off_start, pstart);
    set_slot(tok, off_line, pline);
    set_slot(tok, off_col, pcol);
    int rc = PyList_Append(lx->out, tok);
    if (rc == 0 && lx->sig != NULL && kind != K_WS && kind != K_COMMENT && kind != K_BOM) rc = PyList_Append(lx->sig, tok);
    Py_DECREF(tok);
    return rc;
}

static int push(Lexer *lx, Frame frame) {
    if (lx->nframes == lx->cap) {
        Py_ssize_t cap = lx->cap * 2;
        Frame *grown = PyMem_Realloc(lx->frames, cap * sizeof(Frame));
        if (grown == NULL) { PyErr_NoMemory(); return -1; }
        lx->frames = grown;
        lx->cap = cap;
    }
    lx->frames[lx->nframes++] = frame;
    return 0;
}

static inline int is_ascii_alpha(Py_UCS4 c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }
static inline int is_digit(Py_UCS4 c) { return c >= '0' && c <= '9'; }
static inline int is_ident_rest(Py_UCS4 c) { return is_ascii_alpha(c) || is_digit(c) || c == '_' || c == '-'; }
/* Whitespace other than a line break, as str.isspace() has it (lexer._is_blank). */
static inline int is_blank(Py_UCS4 c) { return c != '\n' && c != '\r' && Py_UNICODE_ISSPACE(c); }

#define BAIL 1 /* a character only the Python lexer can classify */

/* Advance past a line comment body: up to, not including, "\n" or "\r\n". */
static Py_ssize_t line_comment_end(Lexer *lx, Py_ssize_t j) {
    while (j < lx->n) {
        Py_UCS4 c = CH(lx, j);
        if (c == '\n' || (c == '\r' && j + 1 < lx->n && CH(lx, j + 1) == '\n')) break;
        j++;
    }
    return j;
}

/* Count the newlines of text[start:end) and move the line bookkeeping past them. */
static void count_lines(Lexer *lx, Py_ssize_t start, Py_ssize_t end) {
    for (Py_ssize_t i = start; i < end; i++) {
        if (CH(lx, i) == '\n') {
            lx->line++;
            lx->line_start = i + 1;
        }
    }
}

/* The end of a number starting at pos: [0-9](?:\.*(?:[0-9]|[eE][+-]?[0-9]))* */
static Py_ssize_t number_end(Lexer *lx, Py_ssize_t pos) {
    Py_ssize_t n = lx->n, p = pos + 1;
    for (;;) {
        Py_ssize_t q = p;
        while (q < n && CH(lx, q) == '.') q++;
        if (q < n && is_digit(CH(lx, q))) { p = q + 1; continue; }
        if (q < n && (CH(lx, q) == 'e' || CH(lx, q) == 'E')) {
            Py_ssize_t r = q + 1;
            if (r < n && is_digit(CH(lx, r))) { p = r + 1; continue; }
            if (r + 1 < n && (CH(lx, r) == '+' || CH(lx, r) == '-') && is_digit(CH(lx, r + 1))) { p = r + 2; continue; }
        }
        return p;
    }
}

/* The closing quote of a string with no ${ or %{ sequence, or -1 (lexer._SIMPLE_STRING). */
static Py_ssize_t simple_string_end(Lexer *lx, Py_ssize_t j) {
    Py_ssize_t n = lx->n;
    while (j < n) {
        Py_UCS4 c = CH(lx, j);
        if (c == '"') return j;
        if (c == '\r' || c == '\n') return -1;
        if (c == '\\') {
            if (j + 1 < n && CH(lx, j + 1) != '\r' && CH(lx, j + 1) != '\n') { j += 2; continue; }
            return -1;
        }
        if (c == '$' || c == '%') {
            if (j + 1 < n && CH(lx, j + 1) == '{') return -1;
            if (j + 2 < n && CH(lx, j + 1) == c && CH(lx, j + 2) == '{') { j += 3; continue; }
        }
        j++;
    }
    return -1;
}

/* Expression mode until the mode changes or the text ends. Returns 0, -1 (error) or BAIL. */
static int lex_expr(Lexer *lx, Py_ssize_t *ppos) {
    Py_ssize_t pos = *ppos, n = lx->n;
    int rc = 0;
    while (pos < n) {
        Frame *frame = &lx->frames[lx->nframes - 1];
        Py_UCS4 c = CH(lx, pos);
        Py_UCS4 next = pos + 1 < n ? CH(lx, pos + 1) : 0;
        Py_ssize_t col = pos - lx->line_start + 1;
        Py_ssize_t end;
        int kind;
        if (c == ' ' || c == '\t') {
            end = pos + 1;
            while (end < n && (CH(lx, end) == ' ' || CH(lx, end) == '\t')) end++;
            if (emit(lx, K_WS, pos, end, lx->line, col) < 0) return -1;
            pos = end;
            continue;
        }
        if (c == '\n' || (c == '\r' && next == '\n')) {
            end = pos + (c == '\n' ? 1 : 2);
            if (emit(lx, K_NEWLINE, pos, end, lx->line, col) < 0) return -1;
            pos = end;
            lx->line++;
            lx->line_start = pos;
            continue;
        }
        if (is_ascii_alpha(c) || c == '_') {
            end = pos + 1;
            while (end < n && is_ident_rest(CH(lx, end))) end++;
            if (end < n && CH(lx, end) >= 0x80) { rc = BAIL; break; }
            if (emit(lx, K_IDENT, pos, end, lx->line, col) < 0) return -1;
            pos = end;
            continue;
        }
        if (c >= 0x80) { rc = BAIL; break; }
        if (c == '#' || (c == '/' && next == '/')) {
            end = line_comment_end(lx, pos + (c == '#' ? 1 : 2));
            if (emit(lx, K_COMMENT, pos, end, lx->line, col) < 0) return -1;
            pos = end;
            continue;
        }
        if (c == '/' && next == '*') {
            end = -1; /* the first closing pair after the opening one */
            for (Py_ssize_t j = pos + 2; j + 1 < n; j++) {
                if (CH(lx, j) == '*' && CH(lx, j + 1) == '/') { end = j + 2; break; }
            }
            kind = end >= 0 ? K_COMMENT : K_UNTERMINATED;
            if (end < 0) end = n;
            Py_ssize_t line = lx->line;
            if (emit(lx, kind, pos, end, line, col) < 0) return -1;
            count_lines(lx, pos, end);
            pos = end;
            continue;
        }
        if (c == '<' && next == '<') {
            Py_ssize_t j = pos + 2;
            if (j < n && CH(lx, j) == '-') j++;
            if (j < n && CH(lx, j) >= 0x80) { rc = BAIL; break; }
            if (j < n && (is_ascii_alpha(CH(lx, j)) || CH(lx, j) == '_')) {
                Py_ssize_t k = j + 1;
                while (k < n && is_ident_rest(CH(lx, k))) k++;
                if (k < n && CH(lx, k) >= 0x80) { rc = BAIL; break; }
                end = -1;
                if (k < n && CH(lx, k) == '\n') end = k + 1;
                else if (k + 1 < n && CH(lx, k) == '\r' && CH(lx, k + 1) == '\n') end = k + 2;
                if (end >= 0) {
                    if (emit(lx, K_OHEREDOC, pos, end, lx->line, col) < 0) return -1;
                    lx->line++;
                    lx->line_start = end;
                    pos = end;
                    Frame heredoc = {MODE_HEREDOC, 0, j, k - j, 1};
                    if (push(lx, heredoc) < 0) return -1;
                    break;
                }
            }
            /* not a heredoc: the operator '<' */
        }
        if (is_digit(c)) {
            end = number_end(lx, pos);
            if (emit(lx, K_NUMBER, pos, end, lx->line, col) < 0) return -1;
            pos = end;
            continue;
        }
        end = pos + 1;
        switch (c) {
        case '{': kind = K_OBRACE; break;
        case '}': kind = K_CBRACE; break;
        case '[': kind = K_OBRACK; break;
        case ']': kind = K_CBRACK; break;
        case '(': kind = K_OPAREN; break;
        case ')': kind = K_CPAREN; break;
        case ',': kind = K_COMMA; break;
        case '?': kind = K_QUESTION; break;
        case '+': kind = K_PLUS; break;
        case '-': kind = K_MINUS; break;
        case '*': kind = K_STAR; break;
        case '/': kind = K_SLASH; break;
        case '%': kind = K_PERCENT; break;
        case '~': kind = K_TILDE; break;
        case '"': kind = K_OQUOTE; break;
        case '.':
            if (next == '.' && pos + 2 < n && CH(lx, pos + 2) == '.') { kind = K_ELLIPSIS; end = pos + 3; }
            else kind = K_DOT;
            break;
        case '=':
            if (next == '=') { kind = K_EQEQ; end = pos + 2; }
            else if (next == '>') { kind = K_FATARROW; end = pos + 2; }
            else kind = K_EQUAL;
            break;
/* A two-character operator when `next` completes it, else the one-character token. */
#define PAIR(second, two, one) \
    if (next == (second)) { kind = (two); end = pos + 2; } else { kind = (one); } \
    break;
        case '!': PAIR('=', K_NOTEQ, K_BANG)
        case '<': PAIR('=', K_LTE, K_LT)
        case '>': PAIR('=', K_GTE, K_GT)
        case ':': PAIR(':', K_DCOLON, K_COLON)
        case '&': PAIR('&', K_AND, K_INVALID)
        case '|': PAIR('|', K_OR, K_INVALID)
#undef PAIR
        default:
            kind = K_INVALID;
        }
        if (kind == K_CBRACE && frame->depth == 0 && lx->nframes > 1) {
            if (emit(lx, K_TEMPLATE_SEQ_END, pos, pos + 1, lx->line, col) < 0) return -1;
            pos += 1;
            lx->nframes--;
            break;
        }
        if (emit(lx, kind, pos, end, lx->line, col) < 0) return -1;
        pos = end;
        if (kind == K_OQUOTE) {
            Py_ssize_t close = simple_string_end(lx, pos);
            if (close >= 0) {
                if (close > pos && emit(lx, K_QUOTED_LIT, pos, close, lx->line, pos - lx->line_start + 1) < 0) return -1;
                if (emit(lx, K_CQUOTE, close, close + 1, lx->line, close - lx->line_start + 1) < 0) return -1;
                pos = close + 1;
                continue;
            }
            Frame quoted = {MODE_QUOTED, 0, 0, 0, 0};
            if (push(lx, quoted) < 0) return -1;
            break;
        }
        if (kind == K_OBRACE) frame->depth++;
        else if (kind == K_CBRACE) frame->depth--;
    }
    *ppos = pos;
    return rc;
}

/* One step of a quoted template. */
static int lex_quoted(Lexer *lx, Py_ssize_t *ppos) {
    Py_ssize_t pos = *ppos, n = lx->n;
    Py_UCS4 c = CH(lx, pos);
    Py_ssize_t col = pos - lx->line_start + 1;
    if (c == '"') {
        if (emit(lx, K_CQUOTE, pos, pos + 1, lx->line, col) < 0) return -1;
        *ppos = pos + 1;
        lx->nframes--;
        return 0;
    }
    if ((c == '$' || c == '%') && pos + 1 < n && CH(lx, pos + 1) == '{') {
        if (emit(lx, c == '$' ? K_TEMPLATE_INTERP : K_TEMPLATE_CONTROL, pos, pos + 2, lx->line, col) < 0) return -1;
        *ppos = pos + 2;
        Frame expr = {MODE_EXPR, 0, 0, 0, 0};
        return push(lx, expr);
    }
    if (c == '\r' || c == '\n') {
        /* A quoted string cannot span lines: close it here; the parser reports the missing quote. */
        lx->nframes--;
        return 0;
    }
    Py_ssize_t j = pos;
    while (j < n) {
        Py_UCS4 d = CH(lx, j);
        if (d == '"' || d == '\r' || d == '\n') break;
        if (d == '\\') {
            j += (j + 1 < n && CH(lx, j + 1) != '\r' && CH(lx, j + 1) != '\n') ? 2 : 1;
            continue;
        }
        if (d == '$' || d == '%') {
            if (j + 1 < n && CH(lx, j + 1) == '{') break;
            if (j + 2 < n && CH(lx, j + 1) == d && CH(lx, j + 2) == '{') { j += 3; continue; }
        }
        j++;
    }
    if (emit(lx, K_QUOTED_LIT, pos, j, lx->line, col) < 0) return -1;
    *ppos = j;
    return 0;
}

/* One step of a heredoc template. */
static int lex_heredoc(Lexer *lx, Py_ssize_t *ppos) {
    Py_ssize_t pos = *ppos, n = lx->n;
    Frame *frame = &lx->frames[lx->nframes - 1];
    Py_ssize_t col = pos - lx->line_start + 1;
    if (frame->at_line_start) {
        Py_ssize_t j = pos;
        while (j < n && is_blank(CH(lx, j))) j++;
        Py_ssize_t m = frame->marker_len;
        int same = j + m <= n;
        for (Py_ssize_t i = 0; same && i < m; i++) {
            if (CH(lx, j + i) != CH(lx, frame->marker_start + i)) same = 0;
        }
        if (same) {
            Py_ssize_t k = j + m;
            while (k < n && is_blank(CH(lx, k))) k++;
            if ((k < n && CH(lx, k) == '\n') || (k + 1 < n && CH(lx, k) == '\r' && CH(lx, k + 1) == '\n')) {
                if (emit(lx, K_CHEREDOC, pos, k, lx->line, col) < 0) return -1;
                *ppos = k;
                lx->nframes--;
                return 0;
            }
        }
    }
    Py_UCS4 c = CH(lx, pos);
    if ((c == '$' || c == '%') && pos + 1 < n && CH(lx, pos + 1) == '{') {
        if (emit(lx, c == '$' ? K_TEMPLATE_INTERP : K_TEMPLATE_CONTROL, pos, pos + 2, lx->line, col) < 0) return -1;
        *ppos = pos + 2;
        frame->at_line_start = 0;
        Frame expr = {MODE_EXPR, 0, 0, 0, 0};
        return push(lx, expr);
    }
    Py_ssize_t j = pos;
    while (j < n) {
        Py_UCS4 d = CH(lx, j);
        if (d == '\n') break;
        if (d == '\r') {
            if (j + 1 < n && CH(lx, j + 1) == '\n') { j++; continue; }
            break;
        }
        if (d == '$' || d == '%') {
            if (j + 1 < n && CH(lx, j + 1) == '{') break;
            if (j + 2 < n && CH(lx, j + 1) == d && CH(lx, j + 2) == '{') { j += 3; continue; }
        }
        j++;
    }
    if (j == pos && c != '\n') { /* a lone carriage return */
        if (emit(lx, K_INVALID, pos, pos + 1, lx->line, col) < 0) return -1;
        *ppos = pos + 1;
        frame->at_line_start = 0;
        return 0;
    }
    if (j < n && CH(lx, j) == '\n') j++;
    if (emit(lx, K_STRING_LIT, pos, j, lx->line, col) < 0) return -1;
    *ppos = j;
    if (CH(lx, j - 1) == '\n') {
        lx->line++;
        lx->line_start = j;
        frame->at_line_start = 1;
    } else {
        frame->at_line_start = 0;
    }
    return 0;
}

/* Shared by lex() and lex_split(): the token list, and the significant ones into `sig` when given. */
static int run(PyObject *text, PyObject *token_type, PyObject *kinds, PyObject *out, PyObject *sig) {
    if (!PyType_Check(token_type)) {
        PyErr_SetString(PyExc_TypeError, "token_type must be a class");
        return -1;
    }
    if (PyTuple_GET_SIZE(kinds) != K_COUNT) {
        PyErr_Format(PyExc_ValueError, "expected %d token kinds", K_COUNT);
        return -1;
    }
    if (find_slots((PyTypeObject *)token_type) < 0) return -1;
    Lexer lx;
    lx.kind = PyUnicode_KIND(text);
    lx.data = PyUnicode_DATA(text);
    lx.n = PyUnicode_GET_LENGTH(text);
    lx.text = text;
    lx.out = out;
    lx.sig = sig;
    lx.tp = (PyTypeObject *)token_type;
    for (int i = 0; i < K_COUNT; i++) lx.kinds[i] = PyTuple_GET_ITEM(kinds, i);
    lx.line = 1;
    lx.line_start = 0;
    lx.cap = 16;
    lx.nframes = 0;
    lx.frames = PyMem_Malloc(lx.cap * sizeof(Frame));
    if (lx.frames == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    Frame top = {MODE_EXPR, 0, 0, 0, 0};
    lx.frames[lx.nframes++] = top;
    Py_ssize_t pos = 0;
    int rc = 0;
    if (lx.n > 0 && CH(&lx, 0) == 0xFEFF) {
        rc = emit(&lx, K_BOM, 0, 1, 1, 1);
        pos = 1;
    }
    while (rc == 0 && pos < lx.n) {
        switch (lx.frames[lx.nframes - 1].mode) {
        case MODE_EXPR: rc = lex_expr(&lx, &pos); break;
        case MODE_QUOTED: rc = lex_quoted(&lx, &pos); break;
        default: rc = lex_heredoc(&lx, &pos); break;
        }
    }
    if (rc == 0) rc = emit(&lx, K_EOF, lx.n, lx.n, lx.line, lx.n - lx.line_start + 1);
    PyMem_Free(lx.frames);
    return rc;
}

static PyObject *lex(PyObject *Py_UNUSED(self), PyObject *args) {
    PyObject *text, *token_type, *kinds;
    if (!PyArg_ParseTuple(args, "UOO!:lex", &text, &token_type, &PyTuple_Type, &kinds)) return NULL;
    PyObject *out = PyList_New(0);
    if (out == NULL) return NULL;
    int rc = run(text, token_type, kinds, out, NULL);
    if (rc == 0) return out;
    Py_DECREF(out);
    if (rc == BAIL) Py_RETURN_NONE;
    return NULL;
}

static PyObject *lex_split(PyObject *Py_UNUSED(self), PyObject *args) {
    PyObject *text, *token_type, *kinds;
    if (!PyArg_ParseTuple(args, "UOO!:lex_split", &text, &token_type, &PyTuple_Type, &kinds)) return NULL;
    PyObject *out = PyList_New(0);
    PyObject *sig = PyList_New(0);
    if (out == NULL || sig == NULL) {
        Py_XDECREF(out);
        Py_XDECREF(sig);
        return NULL;
    }
    int rc = run(text, token_type, kinds, out, sig);
    if (rc == 0) {
        PyObject *pair = PyTuple_Pack(2, out, sig);
        Py_DECREF(out);
        Py_DECREF(sig);
        return pair;
    }
    Py_DECREF(out);
    Py_DECREF(sig);
    if (rc == BAIL) Py_RETURN_NONE;
    return NULL;
}

static PyMethodDef methods[] = {
    {"lex", lex, METH_VARARGS,
     "lex(text, token_type, kinds) -> list of tokens, or None when the text needs the Python lexer."},
    {"lex_split", lex_split, METH_VARARGS,
     "lex_split(text, token_type, kinds) -> (tokens, significant tokens), or None like lex()."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_lexer", "Native HCL lexer (see lexer.py).", -1, methods, NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC PyInit__lexer(void) { return PyModule_Create(&module); }
