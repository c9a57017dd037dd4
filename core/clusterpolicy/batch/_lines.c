/* A batch CSV's lines built in one pass of C (clusterpolicy.batch.writers.ArrowCsvWriter).

   lines(out, rows, names, errors, dates, as_of, overall_words, status_words, classes, rests, regimes) -> int

   rows: n int64 row numbers. names: (offsets, data), n + 1 int32 offsets (an Arrow string column's,
   from its first cell) and the bytes of the cells, already quoted; errors: the same, or None (no
   row rejected). dates: the texts (bytes) as_of (n int32) points at; -1: none. A code c (int8; -1
   for a rejected row) is written as overall_words[c + 1] or status_words[c + 1] (bytes), and
   classes[c + 1] (bytes) says in which of the `rests` columns (1 .. rests; 0: none) a rule with it
   is listed. regimes: per regime, (overall, statuses, row_step, rule_step, ids, notes, texts): its
   n overall codes (int8), its rules' codes (int8; row i's rule r at i * row_step + r * rule_step),
   its rules' ids (bytes), and None or n int32 indices into texts (bytes), each row's notes cell.

   Each line: row,name,error,as_of, then per regime its overall status and each rule's, then per
   regime its `rests` cells (the ids of its rules listed there, joined by ";") and its notes cell,
   all joined by ",", then CRLF: exactly ArrowCsvWriter's lines. They are written at the start of
   out (a bytearray, made longer if it is too short: kept from chunk to chunk, its pages are not
   faulted in again); returns their size. The GIL is released meanwhile. */

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

/* A word, with the comma before it, in a slot copied whole (the bytes after it are overwritten next). */
#define SLOT 32

#define MAX_REGIMES 64

typedef struct {
    const char *text;
    Py_ssize_t size;
} Text;

typedef struct {
    Py_buffer overall, statuses, notes; /* notes.buf NULL: none */
    Py_ssize_t row_step, rule_step, count;
    Text *ids, *texts;
    Py_ssize_t ids_size, ntexts, longest_text;
} Regime;

typedef struct {
    Py_ssize_t n;
    const int64_t *rows;
    const int32_t *name_at, *error_at, *as_of;
    const char *names, *errors;
    Py_ssize_t names_size, errors_size;
    Text *dates;
    Py_ssize_t ndates;
    char (*words)[2][SLOT]; /* [code + 1][overall?] */
    uint8_t word_size[256][2];
    Py_ssize_t nwords[2];
    uint8_t classes[256];
    int rests;
    Regime *regimes;
    Py_ssize_t nregimes;
} Layout;

static inline char *put(char *out, const char *text, Py_ssize_t size) {
    memcpy(out, text, (size_t)size);
    return out + size;
}

static inline char *put_number(char *out, int64_t value) {
    char digits[24];
    int k = 0;
    uint64_t v = value < 0 ? (uint64_t)0 - (uint64_t)value : (uint64_t)value;
    do {
        digits[k++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    if (value < 0)
        *out++ = '-';
    while (k)
        *out++ = digits[--k];
    return out;
}

static inline char *put_cell(char *out, const int32_t *at, const char *data, Py_ssize_t i) {
    return put(out, data + (at[i] - at[0]), at[i + 1] - at[i]);
}

/* The lines into out (room enough: see the caller); their end, or NULL for a code without a word. */
static char *build(const Layout *L, char *out) {
    uint8_t any[MAX_REGIMES]; /* per regime: whether a rule of the row is listed in a rests column */
    for (Py_ssize_t i = 0; i < L->n; i++) {
        out = put_number(out, L->rows[i]);
        *out++ = ',';
        out = put_cell(out, L->name_at, L->names, i);
        *out++ = ',';
        if (L->error_at)
            out = put_cell(out, L->error_at, L->errors, i);
        *out++ = ',';
        int32_t d = L->as_of[i];
        if (d >= 0)
            out = put(out, L->dates[d].text, L->dates[d].size);
        for (Py_ssize_t j = 0; j < L->nregimes; j++) {
            const Regime *R = &L->regimes[j];
            unsigned v = (unsigned)(uint8_t)(((const int8_t *)R->overall.buf)[i] + 1);
            if (v >= L->nwords[1])
                return NULL;
            memcpy(out, L->words[v][1], SLOT);
            out += L->word_size[v][1];
            const int8_t *codes = (const int8_t *)R->statuses.buf + i * R->row_step;
            uint8_t listed = 0;
            for (Py_ssize_t r = 0; r < R->count; r++) {
                v = (unsigned)(uint8_t)(codes[r * R->rule_step] + 1);
                if (v >= L->nwords[0])
                    return NULL;
                memcpy(out, L->words[v][0], SLOT);
                out += L->word_size[v][0];
                listed |= L->classes[v];
            }
            any[j] = listed;
        }
        for (Py_ssize_t j = 0; j < L->nregimes; j++) {
            const Regime *R = &L->regimes[j];
            const int8_t *codes = (const int8_t *)R->statuses.buf + i * R->row_step;
            for (int k = 1; k <= L->rests; k++) {
                *out++ = ',';
                if (!any[j])
                    continue;
                int first = 1;
                for (Py_ssize_t r = 0; r < R->count; r++)
                    if (L->classes[(uint8_t)(codes[r * R->rule_step] + 1)] == k) {
                        if (!first)
                            *out++ = ';';
                        first = 0;
                        out = put(out, R->ids[r].text, R->ids[r].size);
                    }
            }
            *out++ = ',';
            if (R->notes.buf != NULL) {
                int32_t t = ((const int32_t *)R->notes.buf)[i];
                out = put(out, R->texts[t].text, R->texts[t].size);
            }
        }
        *out++ = '\r';
        *out++ = '\n';
    }
    return out;
}

/* Each item of a sequence of bytes into texts (as many as the sequence has, at most max); its
   count, or -1 with an exception set. The longest's size into *longest, their sum into *total. */
static Py_ssize_t texts_of(PyObject *arg, PyObject **held, Text *texts, Py_ssize_t max, Py_ssize_t *longest,
                           Py_ssize_t *total, const char *what) {
    PyObject *seq = *held = PySequence_Fast(arg, what);
    if (!seq)
        return -1;
    Py_ssize_t count = PySequence_Fast_GET_SIZE(seq);
    if (count > max) {
        PyErr_Format(PyExc_ValueError, "lines: too many %s", what);
        return -1;
    }
    *longest = *total = 0;
    for (Py_ssize_t k = 0; k < count; k++) {
        PyObject *item = PySequence_Fast_GET_ITEM(seq, k);
        if (!PyBytes_Check(item)) {
            PyErr_Format(PyExc_TypeError, "lines: %s must be bytes", what);
            return -1;
        }
        texts[k].text = PyBytes_AS_STRING(item);
        texts[k].size = PyBytes_GET_SIZE(item);
        *total += texts[k].size;
        if (texts[k].size > *longest)
            *longest = texts[k].size;
    }
    return count;
}

/* Whether n + 1 offsets cover data: ascending, within it. */
static int cells_ok(const int32_t *at, Py_ssize_t n, Py_ssize_t size) {
    for (Py_ssize_t i = 0; i < n; i++)
        if (at[i + 1] < at[i])
            return 0;
    return at[n] - at[0] <= size && at[0] >= 0;
}

static PyObject *lines(PyObject *self, PyObject *args) {
    (void)self;
    Py_buffer rows = {0}, name_at = {0}, names = {0}, error_at = {0}, errors = {0}, as_of = {0};
    PyObject *out_arg, *errors_arg, *dates_arg, *words_arg[2], *regimes_arg, *classes_arg;
    PyObject *result = NULL, *regimes = NULL;
    PyObject *held[3 + 2 * MAX_REGIMES] = {0}; /* sequences held while their bytes are read */
    int nheld = 0;
    Layout L = {0};
    Text words[2][256], dates[256];
    if (!PyArg_ParseTuple(args, "Yy*(y*y*)OOy*OOSiO", &out_arg, &rows, &name_at, &names, &errors_arg, &dates_arg, &as_of,
                          &words_arg[1], &words_arg[0], &classes_arg, &L.rests, &regimes_arg))
        return NULL;
    L.n = rows.len / (Py_ssize_t)sizeof(int64_t);
    L.rows = rows.buf;
    L.name_at = name_at.buf;
    L.names = names.buf;
    L.as_of = as_of.buf;
    if (name_at.len != (L.n + 1) * (Py_ssize_t)sizeof(int32_t) || as_of.len != L.n * (Py_ssize_t)sizeof(int32_t) ||
        !cells_ok(L.name_at, L.n, names.len) || L.rests < 0 || L.rests > 64) {
        PyErr_SetString(PyExc_ValueError, "lines: names of n + 1 offsets and as_of of n");
        goto done;
    }
    if (errors_arg != Py_None) {
        if (!PyArg_ParseTuple(errors_arg, "y*y*", &error_at, &errors))
            goto done;
        L.error_at = error_at.buf;
        L.errors = errors.buf;
        if (error_at.len != name_at.len || !cells_ok(L.error_at, L.n, errors.len)) {
            PyErr_SetString(PyExc_ValueError, "lines: errors of n + 1 offsets");
            goto done;
        }
    }
    Py_ssize_t longest, total, longest_word = 0, longest_date;
    if ((L.ndates = texts_of(dates_arg, &held[nheld++], dates, 256, &longest_date, &total, "dates")) < 0)
        goto done;
    L.dates = dates;
    for (Py_ssize_t i = 0; i < L.n; i++)
        if (L.as_of[i] < -1 || L.as_of[i] >= L.ndates) {
            PyErr_SetString(PyExc_ValueError, "lines: an as_of without a date");
            goto done;
        }
    L.words = PyMem_Calloc(256, sizeof *L.words);
    if (!L.words) {
        PyErr_NoMemory();
        goto done;
    }
    for (int o = 0; o < 2; o++) {
        if ((L.nwords[o] = texts_of(words_arg[o], &held[nheld++], words[o], 256, &longest, &total, "words")) < 0)
            goto done;
        if (longest >= SLOT) {
            PyErr_SetString(PyExc_ValueError, "lines: a word too long");
            goto done;
        }
        longest_word = longest > longest_word ? longest : longest_word;
        for (Py_ssize_t v = 0; v < L.nwords[o]; v++) {
            L.words[v][o][0] = ',';
            memcpy(L.words[v][o] + 1, words[o][v].text, (size_t)words[o][v].size);
            L.word_size[v][o] = (uint8_t)(words[o][v].size + 1);
        }
    }
    memcpy(L.classes, PyBytes_AS_STRING(classes_arg), (size_t)(PyBytes_GET_SIZE(classes_arg) < 256 ? PyBytes_GET_SIZE(classes_arg) : 256));
    regimes = PySequence_Fast(regimes_arg, "lines: regimes must be a sequence");
    if (!regimes)
        goto done;
    L.nregimes = PySequence_Fast_GET_SIZE(regimes);
    if (L.nregimes > MAX_REGIMES) {
        PyErr_SetString(PyExc_ValueError, "lines: too many regimes");
        goto done;
    }
    L.regimes = PyMem_Calloc((size_t)L.nregimes + 1, sizeof(Regime));
    if (!L.regimes) {
        PyErr_NoMemory();
        goto done;
    }
    /* Room for a line: the head's fixed part, each code's word (a slot: the last may write past
       its word), each regime's cells. */
    Py_ssize_t room = 24 + 3 + longest_date + SLOT + 2;
    for (Py_ssize_t j = 0; j < L.nregimes; j++) {
        Regime *R = &L.regimes[j];
        PyObject *ids, *notes, *texts;
        if (!PyArg_ParseTuple(PySequence_Fast_GET_ITEM(regimes, j), "y*y*nnOOO", &R->overall, &R->statuses,
                              &R->row_step, &R->rule_step, &ids, &notes, &texts))
            goto done;
        if (R->overall.len != L.n) {
            PyErr_SetString(PyExc_ValueError, "lines: overall codes of n");
            goto done;
        }
        R->count = PySequence_Size(ids);
        if (R->count < 0)
            goto done;
        R->ids = PyMem_Calloc((size_t)R->count + 1, sizeof(Text));
        if (!R->ids) {
            PyErr_NoMemory();
            goto done;
        }
        if (texts_of(ids, &held[nheld++], R->ids, R->count, &longest, &R->ids_size, "ids") < 0)
            goto done;
        if (L.n && R->count) {
            Py_ssize_t last = (L.n - 1) * R->row_step + (R->count - 1) * R->rule_step;
            if (R->row_step < 0 || R->rule_step < 0 || last >= R->statuses.len) {
                PyErr_SetString(PyExc_ValueError, "lines: statuses outside their buffer");
                goto done;
            }
        }
        if (notes != Py_None) {
            R->ntexts = PySequence_Size(texts);
            if (R->ntexts < 0)
                goto done;
            R->texts = PyMem_Calloc((size_t)R->ntexts + 1, sizeof(Text));
            if (!R->texts) {
                PyErr_NoMemory();
                goto done;
            }
            if (texts_of(texts, &held[nheld++], R->texts, R->ntexts, &R->longest_text, &total, "texts") < 0)
                goto done;
            if (PyObject_GetBuffer(notes, &R->notes, PyBUF_SIMPLE) < 0) {
                R->notes.buf = NULL;
                goto done;
            }
            if (R->notes.len != L.n * (Py_ssize_t)sizeof(int32_t)) {
                PyErr_SetString(PyExc_ValueError, "lines: notes of n int32 indices");
                goto done;
            }
            for (Py_ssize_t i = 0; i < L.n; i++) {
                int32_t t = ((const int32_t *)R->notes.buf)[i];
                if (t < 0 || t >= R->ntexts) {
                    PyErr_SetString(PyExc_ValueError, "lines: a notes index without a text");
                    goto done;
                }
            }
        }
        room += (1 + R->count) * (longest_word + 1) + L.rests * (1 + R->ids_size + R->count) + 1 + R->longest_text;
    }
    Py_ssize_t size = L.n * room + (name_at.len ? L.name_at[L.n] - L.name_at[0] : 0) +
                      (L.error_at ? L.error_at[L.n] - L.error_at[0] : 0);
    if (PyByteArray_GET_SIZE(out_arg) < size && PyByteArray_Resize(out_arg, size) < 0)
        goto done; /* a BufferError while a view of it is held */
    Py_buffer out;
    if (PyObject_GetBuffer(out_arg, &out, PyBUF_WRITABLE) < 0) /* no resizing while it is written */
        goto done;
    char *end;
    Py_BEGIN_ALLOW_THREADS
    end = build(&L, out.buf);
    Py_END_ALLOW_THREADS
    if (end)
        result = PyLong_FromSsize_t(end - (char *)out.buf);
    else
        PyErr_SetString(PyExc_ValueError, "lines: a code without a word");
    PyBuffer_Release(&out);
done:
    for (Py_ssize_t j = 0; L.regimes && j < L.nregimes; j++) {
        Regime *R = &L.regimes[j];
        PyMem_Free(R->ids);
        PyMem_Free(R->texts);
        PyBuffer_Release(&R->overall);
        PyBuffer_Release(&R->statuses);
        if (R->notes.buf != NULL)
            PyBuffer_Release(&R->notes);
    }
    for (int k = 0; k < nheld; k++)
        Py_XDECREF(held[k]);
    PyMem_Free(L.regimes);
    PyMem_Free(L.words);
    Py_XDECREF(regimes);
    PyBuffer_Release(&rows);
    PyBuffer_Release(&name_at);
    PyBuffer_Release(&names);
    PyBuffer_Release(&error_at);
    PyBuffer_Release(&errors);
    PyBuffer_Release(&as_of);
    return result;
}

static PyMethodDef methods[] = {
    {"lines", lines, METH_VARARGS, "A batch CSV's lines, built in C."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_lines", "A batch CSV's lines built in C.", -1, methods};

PyMODINIT_FUNC PyInit__lines(void) { return PyModule_Create(&module); }
