/* Number and boolean columns' cells read in one pass of C (clusterpolicy.criteria.arrowcols).

   numbers(offsets, data, signed, dotted, max_integer, max_fraction, ints, fraction)

   offsets: the column's n + 1 int32 offsets into data (an Arrow string column's, from its first cell);
   data: its bytes. A cell is plain if it is an optional '-' (signed only), 1 to max_integer ASCII
   digits, then (dotted only) optionally '.' and 1 to max_fraction digits: NUMBER_PATTERNS, exactly
   (a '+' is not: its row goes to the converter, as from the Python readers).
   Each plain cell's digits (point and sign left out) are written to ints (int64, signed) and its
   digits after the point to fraction (int8); an empty cell gets 0 and 0. If every cell is plain or
   empty and no value has more than 18 characters (digits and sign) at the column's scale (the most
   digits after a point of any cell), the values are then brought to it: ints[i] * 10**(scale -
   fraction[i]), exact in int64. Returns (scale, bound) with bound >= every |ints[i]|, or None for any
   other column (a cell that is not plain, or values too wide: the caller reads those another way).
   The GIL is released while the bytes are read. */

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>

static const int64_t POW10[19] = {
    1LL, 10LL, 100LL, 1000LL, 10000LL, 100000LL, 1000000LL, 10000000LL, 100000000LL, 1000000000LL,
    10000000000LL, 100000000000LL, 1000000000000LL, 10000000000000LL, 100000000000000LL,
    1000000000000000LL, 10000000000000000LL, 100000000000000000LL, 1000000000000000000LL,
};

#define MAX_DIGITS 18

/* The ASCII digits from *p on, accumulated into *value (the first MAX_DIGITS of the cell's) and
   counted in *digits; returns how many there were, *p past them. */
static inline int digit_run(const uint8_t **p, const uint8_t *stop, int64_t *value, int *digits) {
    const uint8_t *q = *p;
    while (q < stop && (unsigned)(*q - '0') <= 9) {
        if (*digits < MAX_DIGITS)
            *value = *value * 10 + (*q - '0');
        ++*digits;
        q++;
    }
    int run = (int)(q - *p);
    *p = q;
    return run;
}

/* 0: read; 1: a cell not plain; 2: a value too wide. */
static int scan(const int32_t *offsets, Py_ssize_t n, const uint8_t *data, Py_ssize_t size, int is_signed,
                int dotted, int max_integer, int max_fraction, int64_t *ints, int8_t *fraction, int *scale_out,
                int64_t *bound_out) {
    int scale = 0, widest = 0;
    int32_t base = offsets[0];
    for (Py_ssize_t i = 0; i < n; i++) {
        int32_t start = offsets[i] - base, end = offsets[i + 1] - base;
        if (start < 0 || end < start || end > size)
            return 1;
        const uint8_t *p = data + start, *stop = data + end;
        if (p == stop) {
            ints[i] = 0;
            fraction[i] = 0;
            continue;
        }
        int negative = 0;
        if (is_signed && *p == '-') {
            negative = 1;
            p++;
        }
        int64_t value = 0;
        int digits = 0, frac = 0;
        int integer = digit_run(&p, stop, &value, &digits);
        if (integer < 1 || integer > max_integer)
            return 1;
        if (p < stop) {
            if (!dotted || *p != '.')
                return 1;
            p++;
            frac = digit_run(&p, stop, &value, &digits);
            if (p < stop || frac < 1 || frac > max_fraction)
                return 1;
        }
        if (digits + negative > widest) /* with its sign: as the careful reader counts a value's width */
            widest = digits + negative;
        if (frac > scale)
            scale = frac;
        ints[i] = negative ? -value : value;
        fraction[i] = (int8_t)(frac > 127 ? 127 : frac);
    }
    if (widest > MAX_DIGITS || widest + scale > MAX_DIGITS)
        return 2;
    int64_t bound = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        int64_t v = ints[i] * POW10[scale - fraction[i]];
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
    Py_buffer offsets, data, ints, fraction;
    int is_signed, dotted, max_integer, max_fraction;
    if (!PyArg_ParseTuple(args, "y*y*ppiiw*w*", &offsets, &data, &is_signed, &dotted, &max_integer, &max_fraction,
                          &ints, &fraction))
        return NULL;
    PyObject *result = NULL;
    Py_ssize_t n = offsets.len / (Py_ssize_t)sizeof(int32_t) - 1;
    if (n < 1 || ints.len < n * (Py_ssize_t)sizeof(int64_t) || fraction.len < n) {
        PyErr_SetString(PyExc_ValueError, "numbers: offsets of n + 1 cells, ints and fraction of n");
        goto done;
    }
    int scale = 0, outcome;
    int64_t bound = 0;
    Py_BEGIN_ALLOW_THREADS
    outcome = scan((const int32_t *)offsets.buf, n, (const uint8_t *)data.buf, data.len, is_signed, dotted,
                   max_integer, max_fraction, (int64_t *)ints.buf, (int8_t *)fraction.buf, &scale, &bound);
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

/* booleans(offsets, data, out): a boolean column's cells as 1 (true), 0 (false), -1 (empty) in out
   (int8); False, out undefined, if any cell is anything else (the caller reads those another way). */
static PyObject *booleans(PyObject *self, PyObject *args) {
    Py_buffer offsets, data, out;
    if (!PyArg_ParseTuple(args, "y*y*w*", &offsets, &data, &out))
        return NULL;
    PyObject *result = NULL;
    Py_ssize_t n = offsets.len / (Py_ssize_t)sizeof(int32_t) - 1;
    if (n < 1 || out.len < n) {
        PyErr_SetString(PyExc_ValueError, "booleans: offsets of n + 1 cells, out of n");
    } else {
        int all;
        Py_BEGIN_ALLOW_THREADS
        all = truth((const int32_t *)offsets.buf, n, (const uint8_t *)data.buf, data.len, (int8_t *)out.buf);
        Py_END_ALLOW_THREADS
        result = PyBool_FromLong(all);
    }
    PyBuffer_Release(&offsets);
    PyBuffer_Release(&data);
    PyBuffer_Release(&out);
    return result;
}

static PyMethodDef methods[] = {
    {"booleans", booleans, METH_VARARGS, "A boolean column's cells as 1, 0 or -1, or False."},
    {"numbers", numbers, METH_VARARGS, "A number column's cells as exact integers at the column's scale, or None."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_cells", "Number and boolean cells read in C.", -1, methods};

PyMODINIT_FUNC PyInit__cells(void) { return PyModule_Create(&module); }
