/* Number and boolean columns' cells read in one pass of C, and any column's cells coded into its
   distinct values (clusterpolicy.criteria.arrowcols).

   numbers(offsets, data, signed, dotted, max_integer, max_fraction, ints, fraction, present)

   offsets: the column's n + 1 int32 offsets into data (an Arrow string column's, from its first cell);
   data: its bytes. A cell is plain if it is an optional '-' (signed only), 1 to max_integer ASCII
   digits, then (dotted only) optionally '.' and 1 to max_fraction digits: NUMBER_PATTERNS, exactly
   (a '+' is not: its row goes to the converter, as from the Python readers).
   Each plain cell's digits (point and sign left out) are written to ints (int64, signed) and its
   digits after the point to fraction (int8); an empty cell gets 0 and 0; present (bool) says which
   cells are not empty. If every cell is plain or empty and no value has more than 18 characters
   (digits and sign) at the column's scale (the most digits after a point of any cell), the values
   are then brought to it: ints[i] * 10**(scale - fraction[i]), exact in int64. Returns (scale, bound) with bound >= every |ints[i]|, or None for any
   other column (a cell that is not plain, or values too wide: the caller reads those another way).
   The GIL is released while the bytes are read. */

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

static const int64_t POW10[19] = {
    1LL, 10LL, 100LL, 1000LL, 10000LL, 100000LL, 1000000LL, 10000000LL, 100000000LL, 1000000000LL,
    10000000000LL, 100000000000LL, 1000000000000LL, 10000000000000LL, 100000000000000LL,
    1000000000000000LL, 10000000000000000LL, 100000000000000000LL, 1000000000000000000LL,
};

#define MAX_DIGITS 18

/* A cell of more than 19 bytes is never read here (plain, its digits and sign are more than
   MAX_DIGITS: too wide), so the digits of a cell read fit an unsigned 64-bit integer. */
#define MAX_READ 19

/* The ASCII digits from *p on (before stop), accumulated into *value; returns how many there
   were, *p past them. */
static inline int digit_run(const uint8_t **p, const uint8_t *stop, uint64_t *value) {
    const uint8_t *q = *p;
    while (q < stop && (unsigned)(*q - '0') <= 9) {
        *value = *value * 10 + (uint64_t)(*q - '0');
        q++;
    }
    int run = (int)(q - *p);
    *p = q;
    return run;
}

/* 0: read; 1: a cell not plain; 2: a value too wide. */
static int scan(const int32_t *offsets, Py_ssize_t n, const uint8_t *data, Py_ssize_t size, int is_signed,
                int dotted, int max_integer, int max_fraction, int64_t *ints, int8_t *fraction, uint8_t *present,
                int *scale_out, int64_t *bound_out) {
    int scale = 0, widest = 0;
    int32_t base = offsets[0];
    for (Py_ssize_t i = 0; i < n; i++) {
        int32_t start = offsets[i] - base, end = offsets[i + 1] - base;
        if (start < 0 || end < start || end > size)
            return 1;
        if (end - start > MAX_READ)
            return 2;
        const uint8_t *p = data + start, *stop = data + end;
        present[i] = p != stop;
        if (p == stop) {
            ints[i] = 0;
            fraction[i] = 0;
            continue;
        }
        int negative = 0, integer, frac = 0;
        uint64_t value = 0;
        if (is_signed && *p == '-') {
            negative = 1;
            p++;
        }
        integer = digit_run(&p, stop, &value);
        if (integer < 1 || integer > max_integer)
            return 1;
        if (p < stop) {
            if (!dotted || *p != '.')
                return 1;
            p++;
            frac = digit_run(&p, stop, &value);
            if (p < stop || frac < 1 || frac > max_fraction)
                return 1;
        }
        if (integer + frac + negative > widest) /* with its sign: as the careful reader counts a value's width */
            widest = integer + frac + negative;
        if (frac > scale)
            scale = frac;
        ints[i] = negative ? -(int64_t)value : (int64_t)value;
        fraction[i] = (int8_t)frac;
    }
    if (widest > MAX_DIGITS || widest + scale > MAX_DIGITS)
        return 2;
    int64_t bound = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        int64_t v = scale ? ints[i] * POW10[scale - fraction[i]] : ints[i];
        ints[i] = v;
        if (v < 0)
            v = -v;
        if (v > bound)
            bound = v;
    }
    *scale_out = scale;
    *bound_out = bound;
    return 0;
}

static PyObject *numbers(PyObject *self, PyObject *args) {
    Py_buffer offsets, data, ints, fraction, present;
    int is_signed, dotted, max_integer, max_fraction;
    if (!PyArg_ParseTuple(args, "y*y*ppiiw*w*w*", &offsets, &data, &is_signed, &dotted, &max_integer, &max_fraction,
                          &ints, &fraction, &present))
        return NULL;
    PyObject *result = NULL;
    Py_ssize_t n = offsets.len / (Py_ssize_t)sizeof(int32_t) - 1;
    if (n < 1 || ints.len < n * (Py_ssize_t)sizeof(int64_t) || fraction.len < n || present.len < n) {
        PyErr_SetString(PyExc_ValueError, "numbers: offsets of n + 1 cells, ints, fraction and present of n");
        goto done;
    }
    int scale = 0, outcome;
    int64_t bound = 0;
    Py_BEGIN_ALLOW_THREADS
    outcome = scan((const int32_t *)offsets.buf, n, (const uint8_t *)data.buf, data.len, is_signed, dotted,
                   max_integer, max_fraction, (int64_t *)ints.buf, (int8_t *)fraction.buf, (uint8_t *)present.buf, &scale, &bound);
    Py_END_ALLOW_THREADS
    if (outcome)
        result = Py_NewRef(Py_None);
    else
        result = Py_BuildValue("(iL)", scale, (long long)bound);
done:
    PyBuffer_Release(&offsets);
    PyBuffer_Release(&data);
    PyBuffer_Release(&ints);
    PyBuffer_Release(&fraction);
    PyBuffer_Release(&present);
    return result;
}

/* 1 if every cell is "true" or "false" (ASCII letters in any case) or empty: out[i] is 1, 0 or -1. */
static int truth(const int32_t *offsets, Py_ssize_t n, const uint8_t *data, Py_ssize_t size, int8_t *out) {
    int32_t base = offsets[0];
    for (Py_ssize_t i = 0; i < n; i++) {
        int32_t start = offsets[i] - base, end = offsets[i + 1] - base;
        if (start < 0 || end < start || end > size)
            return 0;
        const uint8_t *p = data + start;
        int32_t length = end - start;
        if (length == 0)
            out[i] = -1;
        else if (length == 4 && (p[0] | 32) == 't' && (p[1] | 32) == 'r' && (p[2] | 32) == 'u' && (p[3] | 32) == 'e')
            out[i] = 1;
        else if (length == 5 && (p[0] | 32) == 'f' && (p[1] | 32) == 'a' && (p[2] | 32) == 'l' && (p[3] | 32) == 's' &&
                 (p[4] | 32) == 'e')
            out[i] = 0;
        else
            return 0;
    }
    return 1;
}

/* The arguments (offsets, data, out) of a call reading a column's n cells into out, n items of
   item bytes: n, or -1 with an exception set and no buffer held. */
static Py_ssize_t column_args(PyObject *args, const char *name, Py_buffer *offsets, Py_buffer *data, Py_buffer *out,
                              Py_ssize_t item) {
    if (!PyArg_ParseTuple(args, "y*y*w*", offsets, data, out))
        return -1;
    Py_ssize_t n = offsets->len / (Py_ssize_t)sizeof(int32_t) - 1;
    if (n >= 1 && out->len >= n * item)
        return n;
    PyErr_Format(PyExc_ValueError, "%s: offsets of n + 1 cells, out of n", name);
    PyBuffer_Release(offsets);
    PyBuffer_Release(data);
    PyBuffer_Release(out);
    return -1;
}

/* booleans(offsets, data, out): a boolean column's cells as 1 (true), 0 (false), -1 (empty) in out
   (int8); False, out undefined, if any cell is anything else (the caller reads those another way). */
static PyObject *booleans(PyObject *self, PyObject *args) {
    Py_buffer offsets, data, out;
    Py_ssize_t n = column_args(args, "booleans", &offsets, &data, &out, 1);
    if (n < 0)
        return NULL;
    int all;
    Py_BEGIN_ALLOW_THREADS
    all = truth((const int32_t *)offsets.buf, n, (const uint8_t *)data.buf, data.len, (int8_t *)out.buf);
    Py_END_ALLOW_THREADS
    PyBuffer_Release(&offsets);
    PyBuffer_Release(&data);
    PyBuffer_Release(&out);
    return PyBool_FromLong(all);
}

/* The word of a cell's bytes from p on, at most eight of them (length): read as one word where eight
   bytes can be read before limit (the column's end) and the machine is little-endian. */
static inline uint64_t cell_word(const uint8_t *p, int32_t length, const uint8_t *limit) {
    uint64_t w = 0;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    if (p + 8 <= limit) {
        memcpy(&w, p, 8);
        return length >= 8 ? w : w & ((1ull << (8 * length)) - 1);
    }
#endif
    for (int32_t j = 0; j < length && j < 8; j++)
        w |= (uint64_t)p[j] << (8 * j);
    return w;
}

/* A cell's bytes hashed eight at a time. */
static inline uint64_t cell_hash(const uint8_t *p, int32_t length, const uint8_t *limit) {
    uint64_t h = 0x9E3779B97F4A7C15ull ^ (uint64_t)length;
    for (; length > 0; p += 8, length -= 8) {
        h = (h ^ cell_word(p, length, limit)) * 0xFF51AFD7ED558CCDull;
        h ^= h >> 32;
    }
    return h;
}

/* Whether two cells of the same length have the same bytes. */
static inline int same_cell(const uint8_t *a, const uint8_t *b, int32_t length, const uint8_t *limit) {
    for (; length > 0; a += 8, b += 8, length -= 8)
        if (cell_word(a, length, limit) != cell_word(b, length, limit))
            return 0;
    return 1;
}

typedef struct {
    uint64_t hash;
    int32_t code; /* -1: a free slot */
} Slot;

/* 0: coded; 1: offsets out of bounds; 2: out of memory. *firsts_out: each value's first cell. */
static int code_cells(const int32_t *offsets, Py_ssize_t n, const uint8_t *data, Py_ssize_t size, int32_t *codes,
                      int32_t **firsts_out, int32_t *count_out) {
    int32_t base = offsets[0], count = 0;
    size_t capacity = 64, mask = capacity - 1;
    Slot *table = malloc(capacity * sizeof(Slot));
    int32_t *firsts = malloc(capacity / 2 * sizeof(int32_t));
    if (!table || !firsts)
        goto no_memory;
    for (size_t k = 0; k < capacity; k++)
        table[k].code = -1;
    for (Py_ssize_t i = 0; i < n; i++) {
        int32_t start = offsets[i] - base, end = offsets[i + 1] - base;
        if (start < 0 || end < start || end > size) {
            free(table);
            free(firsts);
            return 1;
        }
        int32_t length = end - start;
        uint64_t h = cell_hash(data + start, length, data + size);
        size_t k = h & mask;
        for (;;) {
            Slot *slot = &table[k];
            if (slot->code < 0) { /* a value not seen before */
                slot->hash = h;
                slot->code = count;
                firsts[count] = (int32_t)i;
                codes[i] = count++;
                if ((size_t)count * 2 >= capacity) { /* kept at most half full: twice the slots */
                    size_t grown = capacity * 2;
                    Slot *bigger = malloc(grown * sizeof(Slot));
                    int32_t *more = realloc(firsts, grown / 2 * sizeof(int32_t));
                    if (more)
                        firsts = more;
                    if (!bigger || !more) {
                        free(bigger);
                        goto no_memory;
                    }
                    for (size_t j = 0; j < grown; j++)
                        bigger[j].code = -1;
                    for (size_t j = 0; j < capacity; j++)
                        if (table[j].code >= 0) {
                            size_t at = table[j].hash & (grown - 1);
                            while (bigger[at].code >= 0)
                                at = (at + 1) & (grown - 1);
                            bigger[at] = table[j];
                        }
                    free(table);
                    table = bigger;
                    capacity = grown;
                    mask = grown - 1;
                }
                break;
            }
            if (slot->hash == h) {
                int32_t first = firsts[slot->code], from = offsets[first] - base;
                if (offsets[first + 1] - base - from == length && same_cell(data + from, data + start, length, data + size)) {
                    codes[i] = slot->code;
                    break;
                }
            }
            k = (k + 1) & mask;
        }
    }
    free(table);
    *firsts_out = firsts;
    *count_out = count;
    return 0;
no_memory:
    free(table);
    free(firsts);
    return 2;
}

/* distinct(offsets, data, codes): each cell's code (int32, into codes) into the column's distinct
   values, numbered in the order they first come (as Arrow's dictionary_encode numbers them);
   returns the values, as bytes. */
static PyObject *distinct(PyObject *self, PyObject *args) {
    Py_buffer offsets, data, codes;
    Py_ssize_t n = column_args(args, "distinct", &offsets, &data, &codes, sizeof(int32_t));
    if (n < 0)
        return NULL;
    PyObject *result = NULL;
    int32_t *firsts = NULL, count = 0;
    int outcome;
    const int32_t *o = (const int32_t *)offsets.buf;
    Py_BEGIN_ALLOW_THREADS
    outcome = code_cells(o, n, (const uint8_t *)data.buf, data.len, (int32_t *)codes.buf, &firsts, &count);
    Py_END_ALLOW_THREADS
    if (outcome == 1) {
        PyErr_SetString(PyExc_ValueError, "distinct: offsets outside the data");
        goto done;
    }
    if (outcome == 2) {
        PyErr_NoMemory();
        goto done;
    }
    result = PyList_New(count);
    for (int32_t k = 0; result && k < count; k++) {
        int32_t from = o[firsts[k]] - o[0];
        PyObject *value = PyBytes_FromStringAndSize((const char *)data.buf + from, o[firsts[k] + 1] - o[0] - from);
        if (!value)
            Py_CLEAR(result);
        else
            PyList_SET_ITEM(result, k, value);
    }
done:
    free(firsts);
    PyBuffer_Release(&offsets);
    PyBuffer_Release(&data);
    PyBuffer_Release(&codes);
    return result;
}

static PyMethodDef methods[] = {
    {"booleans", booleans, METH_VARARGS, "A boolean column's cells as 1, 0 or -1, or False."},
    {"distinct", distinct, METH_VARARGS, "A column's cells coded into its distinct values, and the values."},
    {"numbers", numbers, METH_VARARGS, "A number column's cells as exact integers at the column's scale, or None."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_cells", "Number, boolean and coded cells read in C.", -1, methods};

PyMODINIT_FUNC PyInit__cells(void) { return PyModule_Create(&module); }
