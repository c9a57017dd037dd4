/* A plain CSV's rows split into columns in C (clusterpolicy.batch.arrowio.open_csv), in two steps.

   scan(data, start, ncols, max_rows, max_line, eof, work) -> (stop, end, seen, kept, size)

   Reads the rows of data (bytes-like) from offset start — each line a row of ncols cells split at
   commas, a cell in quotes ("a,b", "say ""hi""") read as Arrow reads it — until max_rows rows are
   kept, the data ends, or a row it leaves to Arrow's reader (stop 1), which then reads on from that
   row: one with a quote elsewhere than around a whole cell, a line break inside quotes, a carriage
   return not followed by a line feed, another number of cells than ncols, or max_line bytes or
   more (Arrow reads a row only within a block of that size). A row read here is
   split exactly as Arrow splits it (newlines_in_values, ignore_empty_lines=False, every column
   binary). A row whose cells are all empty (a blank line too) is not kept: open_csv drops it. A
   last line without its line feed is a row only when eof is true; otherwise the data stops there
   (stop 2: read more). stop 0: max_rows rows kept, or the data has ended. end: where the rows read
   end (the start of the row not read); seen: the rows read, kept or not; size: the kept cells'
   bytes. work: a writable buffer of work_size(ncols, max_rows) bytes, kept for gather (with the
   same data, ncols and max_rows).

   gather(data, ncols, max_rows, kept, work, first, numbers, offsets, cells) -> high

   Writes the kept rows' numbers (first + their index among the rows read; kept int64) and their
   cells column after column, as one Arrow binary array of ncols * kept cells: its ncols * kept + 1
   int32 offsets and its size bytes. high: per column 1 if a cell has a byte from 0x80 on (only such
   a column needs checking as UTF-8), else 0. Both release the GIL while they work. */

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

/* Bytes that end an unquoted cell (or stop the splitter), and a quoted one's. */
static uint8_t special[256], in_quotes[256];

typedef struct {
    const uint8_t *data;
    Py_ssize_t size, start, ncols, max_rows, max_line;
    int eof;
    /* out of pass 1 */
    int stop;
    Py_ssize_t end, seen, kept;
    /* in work: */
    int64_t *lengths; /* per column: its kept cells' bytes */
    int64_t *row;     /* per column: the cell's bytes in the row being read */
    int64_t *index;   /* per kept row: its index among the rows read */
    uint32_t *bounds; /* per kept row, per column: the cell's start and end (offsets into data) */
} Scan;

static Py_ssize_t work_bytes(Py_ssize_t ncols, Py_ssize_t max_rows) {
    if (ncols < 1 || max_rows < 1 || max_rows > (PY_SSIZE_T_MAX / 32) / ncols)
        return -1;
    return (2 * ncols + max_rows) * (Py_ssize_t)sizeof(int64_t) + max_rows * ncols * 2 * (Py_ssize_t)sizeof(uint32_t);
}

static void in_work(Scan *S, void *work) {
    S->lengths = work;
    S->row = S->lengths + S->ncols;
    S->index = S->row + S->ncols;
    S->bounds = (uint32_t *)(S->index + S->max_rows);
}

#define DOUBLED 0x80000000u /* on a cell's end: its quotes are doubled inside (written once) */

/* Stop reading at the row that starts at `row`: 1, Arrow's reader reads it; 2, read more first. */
#define STOP(why)        \
    do {                 \
        S->stop = (why); \
        S->end = row;    \
        return;          \
    } while (0)

/* The row runs past what was read: read more, unless it is longer than Arrow reads in a block. */
#define MORE() STOP(p - row >= S->max_line ? 1 : 2)

#if defined(__SSE2__) && defined(__GNUC__)
#include <emmintrin.h>
#define SPECIAL_BITS 1
#endif

/* Where the special bytes are in 64 bytes of the data, from base on (SSE2): a cell's end is then
   found with bit operations, not with a load that waits for the previous cell's. */
typedef struct {
    Py_ssize_t base; /* -1: none yet */
    uint64_t bits;   /* bit i: data[base + i] is special */
} Specials;

#ifdef SPECIAL_BITS
static inline uint64_t special_bits(const uint8_t *at) {
    const __m128i comma = _mm_set1_epi8(','), lf = _mm_set1_epi8('\n'), cr = _mm_set1_epi8('\r'), quote = _mm_set1_epi8('"');
    uint64_t bits = 0;
    for (int i = 0; i < 4; i++) {
        __m128i v = _mm_loadu_si128((const __m128i *)(at + 16 * i));
        __m128i m = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, comma), _mm_cmpeq_epi8(v, lf)),
                                 _mm_or_si128(_mm_cmpeq_epi8(v, cr), _mm_cmpeq_epi8(v, quote)));
        bits |= (uint64_t)(uint16_t)_mm_movemask_epi8(m) << (16 * i);
    }
    return bits;
}
#endif

/* Where an unquoted cell that starts at p ends: the first special byte from p on, or size. */
static inline Py_ssize_t cell_end(const uint8_t *d, Py_ssize_t p, Py_ssize_t size, Specials *sp) {
#ifdef SPECIAL_BITS
    while (p + 64 <= size) {
        if (sp->base < 0 || p < sp->base || p >= sp->base + 64) {
            sp->base = p;
            sp->bits = special_bits(d + p);
        }
        uint64_t m = sp->bits >> (p - sp->base);
        if (m)
            return p + __builtin_ctzll(m);
        p = sp->base + 64;
    }
#else
    (void)sp;
#endif
    while (p < size && !special[d[p]])
        p++;
    return p;
}

/* Pass 1: find the rows and their cells. */
static void scan(Scan *S) {
    const uint8_t *d = S->data;
    Py_ssize_t p = S->start, size = S->size, ncols = S->ncols;
    int eof = S->eof;
    S->stop = 0;
    Specials specials = {-1, 0};
    while (S->kept < S->max_rows && p < size) {
        Py_ssize_t row = p;
        uint32_t *b = S->bounds + S->kept * ncols * 2;
        Py_ssize_t c = 0, nonempty = 0;
        int blank_line = 0;
        for (;;) {
            Py_ssize_t from = p, to;
            uint32_t doubled = 0;
            if (p < size && d[p] == '"') { /* a quoted cell: up to the quote not doubled */
                from = ++p;
                for (;;) {
                    while (p < size && !in_quotes[d[p]])
                        p++;
                    if (p >= size)
                        {
                        if (eof)
                            STOP(1); /* a quote never closed: Arrow's */
                        MORE();
                    }
                    if (d[p] != '"')
                        STOP(1); /* a line break inside quotes: Arrow's */
                    if (p + 1 >= size && !eof)
                        MORE();
                    if (p + 1 < size && d[p + 1] == '"') {
                        doubled++;
                        p += 2;
                        continue;
                    }
                    break;
                }
                to = p++;
                if (p < size && d[p] != ',' && d[p] != '\n' && d[p] != '\r')
                    STOP(1); /* text after the closing quote: Arrow's */
            } else {
                p = cell_end(d, p, size, &specials);
                to = p;
                if (p < size && d[p] == '"')
                    STOP(1); /* a quote inside a cell: Arrow's */
            }
            if (c >= ncols)
                STOP(1); /* more cells than the header */
            Py_ssize_t length = to - from - doubled;
            b[2 * c] = (uint32_t)from;
            b[2 * c + 1] = (uint32_t)to | (doubled ? DOUBLED : 0);
            S->row[c] = length;
            nonempty |= length;
            if (c == 0 && to == row)
                blank_line = 1;
            c++;
            if (p >= size) {
                if (!eof)
                    MORE();
                break; /* the last line, without its line feed */
            }
            if (d[p] == ',') {
                p++;
                blank_line = 0;
                continue;
            }
            if (d[p] == '\n') {
                p++;
                break;
            }
            if (p + 1 >= size && !eof)
                MORE(); /* a carriage return at the end of what was read: its line feed may follow */
            if (p + 1 < size && d[p + 1] == '\n') {
                p += 2;
                break;
            }
            STOP(1); /* a carriage return alone: Arrow's */
        }
        if (!(blank_line && c == 1) && c != ncols)
            STOP(1); /* fewer cells than the header */
        if (p - row >= S->max_line)
            STOP(1); /* a row as long as a block of Arrow's reader: Arrow's (then the text reader's) */
        if (nonempty) { /* a blank row (an empty line too: Arrow's row of empty cells) is dropped */
            for (Py_ssize_t k = 0; k < ncols; k++)
                S->lengths[k] += S->row[k];
            S->index[S->kept++] = S->seen;
        }
        S->seen++;
    }
    S->end = p;
}

/* Rows gathered at a time, column by column: their bytes and bounds stay in the cache meanwhile
   (8 rows took a sixth less time than 128 for 100,000 rows of 53 cells). */
#define TILE 8

/* For a cell of up to 16 bytes, copied as two words: the bytes of each word that are the cell's. */
static uint64_t low_mask[17], high_mask[17];

#define HIGH_BITS 0x8080808080808080ull

/* Pass 2: each column's cells in row order, a tile of rows at a time. */
static void gather_cells(const Scan *S, int64_t first, int64_t *numbers, int32_t *offsets, uint8_t *cells, uint8_t *high) {
    Py_ssize_t n = S->kept, ncols = S->ncols, size = S->size;
    const uint8_t *src = S->data;
    int64_t at = 0, ends[ncols];
    uint64_t any[ncols];
    for (Py_ssize_t k = 0; k < ncols; k++) { /* where each column's cells start: row[k] from here on */
        S->row[k] = at;
        at += S->lengths[k];
        ends[k] = at;
        any[k] = 0;
    }
    offsets[ncols * n] = (int32_t)at;
    for (Py_ssize_t i = 0; i < n; i++)
        numbers[i] = first + S->index[i];
    for (Py_ssize_t i0 = 0; i0 < n; i0 += TILE) {
        Py_ssize_t i1 = i0 + TILE < n ? i0 + TILE : n;
        for (Py_ssize_t k = 0; k < ncols; k++) {
            int64_t o = S->row[k], end = ends[k];
            uint64_t a = any[k];
            int32_t *offs = offsets + k * n;
            for (Py_ssize_t i = i0; i < i1; i++) {
                const uint32_t *b = S->bounds + (i * ncols + k) * 2;
                uint32_t from = b[0], to = b[1] & ~DOUBLED, len = to - from;
                offs[i] = (int32_t)o;
                if (len <= 16 && !(b[1] & DOUBLED) && from + 16 <= size && o + 16 <= end) {
                    uint64_t w0, w1; /* the bytes after the cell are overwritten by the next cells of its column */
                    memcpy(&w0, src + from, 8);
                    memcpy(&w1, src + from + 8, 8);
                    memcpy(cells + o, &w0, 8);
                    memcpy(cells + o + 8, &w1, 8);
                    a |= (w0 & low_mask[len]) | (w1 & high_mask[len]);
                    o += len;
                } else if (b[1] & DOUBLED) {
                    for (uint32_t j = from; j < to; j++) { /* "" inside quotes is one " */
                        a |= src[j];
                        cells[o++] = src[j];
                        j += src[j] == '"';
                    }
                } else {
                    memcpy(cells + o, src + from, len);
                    for (uint32_t j = from; j < to; j++)
                        a |= src[j];
                    o += len;
                }
            }
            S->row[k] = o;
            any[k] = a;
        }
    }
    for (Py_ssize_t k = 0; k < ncols; k++)
        high[k] = (any[k] & HIGH_BITS) != 0;
}

static int work_buffer(PyObject *arg, Py_buffer *work, Scan *S) {
    if (PyObject_GetBuffer(arg, work, PyBUF_WRITABLE) < 0)
        return -1;
    Py_ssize_t need = work_bytes(S->ncols, S->max_rows);
    if (need < 0 || work->len < need) {
        PyBuffer_Release(work);
        PyErr_SetString(PyExc_ValueError, "split: work of work_size(ncols, max_rows) bytes");
        return -1;
    }
    in_work(S, work->buf);
    return 0;
}

static PyObject *scan_rows(PyObject *self, PyObject *args) {
    Py_buffer data, work;
    Py_ssize_t start, ncols, max_rows, max_line;
    int eof;
    PyObject *work_arg;
    if (!PyArg_ParseTuple(args, "y*nnnnpO", &data, &start, &ncols, &max_rows, &max_line, &eof, &work_arg))
        return NULL;
    Scan S = {data.buf, data.len, start, ncols, max_rows, max_line, eof, 0, start, 0, 0, NULL, NULL, NULL, NULL};
    if (start < 0 || start > data.len || data.len >= INT32_MAX) {
        PyErr_SetString(PyExc_ValueError, "split: start within data of less than 2 GB");
        PyBuffer_Release(&data);
        return NULL;
    }
    if (work_buffer(work_arg, &work, &S) < 0) {
        PyBuffer_Release(&data);
        return NULL;
    }
    memset(S.lengths, 0, (size_t)ncols * sizeof(int64_t));
    Py_BEGIN_ALLOW_THREADS
    scan(&S);
    Py_END_ALLOW_THREADS
    Py_ssize_t size = 0;
    for (Py_ssize_t k = 0; k < ncols; k++)
        size += S.lengths[k];
    PyBuffer_Release(&work);
    PyBuffer_Release(&data);
    return Py_BuildValue("innnn", S.stop, S.end, S.seen, S.kept, size);
}

static PyObject *gather(PyObject *self, PyObject *args) {
    Py_buffer data, work, numbers, offsets, cells;
    Py_ssize_t ncols, max_rows, kept;
    long long first;
    PyObject *work_arg;
    if (!PyArg_ParseTuple(args, "y*nnnOLw*w*w*", &data, &ncols, &max_rows, &kept, &work_arg, &first, &numbers, &offsets, &cells))
        return NULL;
    PyObject *high = NULL;
    Scan S = {data.buf, data.len, 0, ncols, max_rows, 0, 0, 0, 0, 0, kept, NULL, NULL, NULL, NULL};
    int held = work_buffer(work_arg, &work, &S) == 0;
    if (!held)
        goto done;
    if (kept < 0 || kept > max_rows) {
        PyErr_SetString(PyExc_ValueError, "gather: kept from 0 to max_rows");
        goto done;
    }
    Py_ssize_t size = 0;
    for (Py_ssize_t k = 0; k < ncols; k++)
        size += S.lengths[k];
    if (numbers.len < kept * 8 || offsets.len < (kept * ncols + 1) * 4 || cells.len < size) {
        PyErr_SetString(PyExc_ValueError, "gather: numbers, offsets or cells too small");
        goto done;
    }
    high = PyBytes_FromStringAndSize(NULL, ncols);
    if (!high)
        goto done;
    Py_BEGIN_ALLOW_THREADS
    gather_cells(&S, first, numbers.buf, offsets.buf, cells.buf, (uint8_t *)PyBytes_AS_STRING(high));
    Py_END_ALLOW_THREADS
done:
    if (held)
        PyBuffer_Release(&work);
    PyBuffer_Release(&data);
    PyBuffer_Release(&numbers);
    PyBuffer_Release(&offsets);
    PyBuffer_Release(&cells);
    return high;
}

static PyObject *work_size(PyObject *self, PyObject *args) {
    Py_ssize_t ncols, max_rows;
    if (!PyArg_ParseTuple(args, "nn", &ncols, &max_rows))
        return NULL;
    Py_ssize_t need = work_bytes(ncols, max_rows);
    if (need < 0) {
        PyErr_SetString(PyExc_ValueError, "work_size: ncols and max_rows from 1");
        return NULL;
    }
    return PyLong_FromSsize_t(need);
}

static PyMethodDef methods[] = {
    {"scan", scan_rows, METH_VARARGS, "Find a plain CSV's rows and cells."},
    {"gather", gather, METH_VARARGS, "Write the rows found by scan as Arrow columns."},
    {"work_size", work_size, METH_VARARGS, "The bytes of scan's work buffer."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_split", "A plain CSV's rows split into columns in C.", -1, methods};

PyMODINIT_FUNC PyInit__split(void) {
    special[(uint8_t)','] = special[(uint8_t)'\n'] = special[(uint8_t)'\r'] = special[(uint8_t)'"'] = 1;
    in_quotes[(uint8_t)'\n'] = in_quotes[(uint8_t)'\r'] = in_quotes[(uint8_t)'"'] = 1;
    for (int len = 0; len <= 16; len++) {
        low_mask[len] = len >= 8 ? ~0ull : (1ull << (8 * len)) - 1;
        high_mask[len] = len <= 8 ? 0 : len == 16 ? ~0ull : (1ull << (8 * (len - 8))) - 1;
    }
    return PyModule_Create(&module);
}
