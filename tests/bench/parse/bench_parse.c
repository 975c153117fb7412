/*
 * Parse benchmark (make bench): raw bytes to validated record through the
 * plugin registry, in-process, one thread; what `vanthu parse --json` does
 * minus the printing.  Every figure comes with its ratio to baselines
 * measured in the same run on the same bytes:
 *
 *   utf8proc NFC   utf8proc_map(STABLE | COMPOSE) of each document, the
 *                  least any NFC-normalising loader can cost;
 *   UTF-8 check    one utf8proc_iterate() pass over each document.
 *
 * Times are the CPU time of this thread (the machine is shared), best of
 * several rounds.  Then a scaling check: one document of growing size
 * (many numbered items; one long line) must keep its MB/s, since parse
 * time is to grow linearly with the input (citations past MAX_CITES of
 * cite.c are read but not kept).
 *
 *   usage: bench_parse [--corpus] PLUGIN_DIR FILE...
 *   (--corpus: without the scaling check, for profiling)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <utf8proc.h>

#include "vanthu/error.h"
#include "vanthu/parse.h"
#include "vanthu/registry.h"
#include "vanthu/text.h"

#define GOAL_MBS 20.0
#define ROUNDS 7

struct input {
	char *bytes;
	size_t len;
	const char *name;
};

struct corpus {
	struct input *docs;
	size_t n;
	size_t bytes;
};

static double cpu_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void die(const char *what)
{
	fprintf(stderr, "bench_parse: %s: %s\n", what, vt_error_last());
	exit(1);
}

static void parse_doc(const struct vt_registry *r, const struct input *d)
{
	cJSON *rec;

	if (vt_parse(&rec, NULL, r, d->bytes, d->len, d->name) < 0)
		die(d->name);
	cJSON_Delete(rec);
}

static void nfc_doc(const struct vt_registry *r, const struct input *d)
{
	utf8proc_uint8_t *out;

	(void)r;
	if (utf8proc_map((const utf8proc_uint8_t *)d->bytes, (utf8proc_ssize_t)d->len,
	                 &out, UTF8PROC_STABLE | UTF8PROC_COMPOSE) < 0) {
		fprintf(stderr, "bench_parse: '%s' is not UTF-8\n", d->name);
		exit(1);
	}
	free(out);
}

/* The compiler must not drop the loop: the sum goes to a volatile. */
static volatile utf8proc_int32_t sink;

static void check_doc(const struct vt_registry *r, const struct input *d)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)d->bytes;
	utf8proc_ssize_t left = (utf8proc_ssize_t)d->len, n;
	utf8proc_int32_t c, sum = 0;

	(void)r;
	while (left > 0) {
		n = utf8proc_iterate(p, left, &c);
		if (n < 0) {
			fprintf(stderr, "bench_parse: '%s' is not UTF-8\n", d->name);
			exit(1);
		}
		sum += c;
		p += n;
		left -= n;
	}
	sink = sum;
}

typedef void (*doc_fn)(const struct vt_registry *, const struct input *);

/* Seconds of CPU for one pass over the corpus. */
static double pass(const struct corpus *c, const struct vt_registry *r, doc_fn fn)
{
	double t0 = cpu_now();

	for (size_t i = 0; i < c->n; i++)
		fn(r, &c->docs[i]);
	return cpu_now() - t0;
}

/*
 * Best of ROUNDS for each of fns[0..n), the rounds interleaved: the load
 * of the other users of the machine changes within a run, and so it
 * weighs on the figure and on its baselines alike.
 */
static void best_passes(double *best, const struct corpus *c, const struct vt_registry *r,
                        const doc_fn *fns, int n)
{
	for (int k = 0; k < n; k++)
		best[k] = 1e30;
	for (int round = 0; round < ROUNDS; round++)
		for (int k = 0; k < n; k++) {
			double dt = pass(c, r, fns[k]);
			if (dt < best[k])
				best[k] = dt;
		}
}

static int read_doc(struct input *d, const char *path)
{
	if (vt_text_read_file(&d->bytes, &d->len, path, 0) < 0)
		return -1;
	d->name = path;
	return 0;
}

static void load_corpus(struct corpus *c, char **paths, int n)
{
	c->docs = calloc((size_t)n, sizeof(*c->docs));
	if (!c->docs) {
		fputs("bench_parse: out of memory\n", stderr);
		exit(1);
	}
	c->n = 0;
	c->bytes = 0;
	for (int i = 0; i < n; i++) {
		if (read_doc(&c->docs[c->n], paths[i]) < 0)
			die(paths[i]);
		c->bytes += c->docs[c->n++].len;
	}
}

static void row(const char *what, double secs, size_t bytes, double nfc, double chk,
                int goal)
{
	double mbs = bytes / secs / 1e6, us5k = secs / bytes * 5000 * 1e6;

	printf("  %-16s %8.1f MB/s %8.1f us %9.2fx %9.2fx", what, mbs, us5k,
	       secs / nfc, secs / chk);
	if (goal)
		printf(" %6.0f MB/s %s", GOAL_MBS, mbs >= GOAL_MBS ? "met" : "NOT MET");
	putchar('\n');
}

static void bench_corpus(const struct corpus *c, const struct vt_registry *r)
{
	static const doc_fn fns[] = { parse_doc, nfc_doc, check_doc };
	double best[3], ours, nfc, chk;

	pass(c, r, parse_doc);               /* warm caches and one-time set-up */
	best_passes(best, c, r, fns, 3);
	ours = best[0];
	nfc = best[1];
	chk = best[2];
	printf("parse: %zu documents, %.2f MB, one thread, CPU time, best of %d\n",
	       c->n, c->bytes / 1e6, ROUNDS);
	printf("  %-16s %13s %11s %10s %10s %11s\n", "", "speed", "per 5 KB",
	       "/ NFC", "/ UTF-8", "goal");
	row("vanthu parse", ours, c->bytes, nfc, chk, 1);
	row("utf8proc NFC", nfc, c->bytes, nfc, chk, 0);
	row("UTF-8 check", chk, c->bytes, nfc, chk, 0);
}

/* --- scaling: one document of growing size ------------------------- */

static const char head[] =
	"ỦY BAN NHÂN DÂN\nTỈNH ĐỒNG NAI\n\nSố: 15/KH-UBND\n\n"
	"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\n"
	"Đồng Nai, ngày 5 tháng 3 năm 2025\n\nKẾ HOẠCH\n"
	"Triển khai thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị\n\n";
static const char item[] =
	"Giao Sở Khoa học và Công nghệ chủ trì, phối hợp với các sở, ngành rà soát, "
	"tổng hợp kết quả thực hiện; báo cáo Ủy ban nhân dân tỉnh trước ngày 15/6/2025.";
static const char tail[] =
	"\n\nNơi nhận:\n- Như trên;\n- Lưu: VT.\n\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\n"
	"Nguyễn Văn An\n";

static const char cite[] =
	"Thực hiện Kế hoạch số %ld/KH-UBND ngày 5/3/2025 của Ủy ban nhân dân tỉnh; ";

enum shape { ITEMS, ONE_LINE, CITATIONS };

/* A plan of about `size` bytes: numbered items, one line of them, or citations. */
static char *grow_doc(size_t *len, size_t size, enum shape shape)
{
	size_t cap = size + 4096, n = 0;
	char *s = malloc(cap);
	long k = 1;

	if (!s) {
		fputs("bench_parse: out of memory\n", stderr);
		exit(1);
	}
	n += (size_t)snprintf(s, cap, "%s", head);
	while (n < size) {
		if (shape == CITATIONS)
			n += (size_t)snprintf(s + n, cap - n, cite, k++);
		else
			n += (size_t)snprintf(s + n, cap - n, shape == ONE_LINE ? "%ld) %s " :
			                      "%ld. %s\n", k++, item);
	}
	n += (size_t)snprintf(s + n, cap - n, "%s", tail);
	*len = n;
	return s;
}

static void bench_scaling(const struct vt_registry *r)
{
	static const size_t sizes[] = { 100000, 1000000, 8000000 };
	static const char *const kinds[] = { "numbered items", "one line", "citations" };
	double first = 0, secs, t0;
	struct input d;

	printf("scaling: one document of growing size (linear: the same MB/s)\n");
	for (int shape = ITEMS; shape <= CITATIONS; shape++) {
		for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
			d.bytes = grow_doc(&d.len, sizes[i], (enum shape)shape);
			d.name = kinds[shape];
			t0 = cpu_now();
			parse_doc(r, &d);
			secs = cpu_now() - t0;
			if (i == 0)
				first = secs / d.len;
			printf("  %-16s %6.1f MB %8.1f MB/s %7.2fx the time per byte at %.1f MB\n",
			       kinds[shape], d.len / 1e6, d.len / secs / 1e6,
			       secs / d.len / first, sizes[0] / 1e6);
			free(d.bytes);
		}
	}
}

int main(int argc, char **argv)
{
	struct vt_registry *r;
	struct corpus c;
	int scaling = 1;

	if (argc > 1 && !strcmp(argv[1], "--corpus")) {
		scaling = 0;
		argc--;
		argv++;
	}
	if (argc < 3) {
		fputs("usage: bench_parse [--corpus] PLUGIN_DIR FILE...\n", stderr);
		return 2;
	}
	if (vt_registry_new(&r) < 0 || vt_registry_add_dir(r, argv[1]) <= 0)
		die(argv[1]);
	load_corpus(&c, argv + 2, argc - 2);
	bench_corpus(&c, r);
	if (scaling)
		bench_scaling(r);
	for (size_t i = 0; i < c.n; i++)
		free(c.docs[i].bytes);
	free(c.docs);
	vt_registry_free(r);
	return 0;
}
