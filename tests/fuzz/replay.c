/*
 * Replay a fuzz harness over saved inputs without libFuzzer: every file
 * named on the command line, and every file in every folder named there
 * (one level, sorted, dot files skipped).  Built with the normal compiler
 * into build/tests/fuzz-replay-<harness> so that `make test` (and valgrind,
 * and SANITIZE=...) replay the corpus and the crash inputs forever.
 *
 * Exit status: 0 when every input ran, 2 when an input could not be read;
 * a harness that finds a bug aborts.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

/* The harness may or may not have an initializer. */
__attribute__((weak)) int LLVMFuzzerInitialize(int *argc, char ***argv);

static int run_file(const char *path, unsigned *count)
{
	FILE *f = fopen(path, "rb");
	unsigned char *buf = NULL, *nb;
	size_t len = 0, cap = 0, n;

	if (!f) {
		fprintf(stderr, "replay: cannot open '%s': %s\n", path, strerror(errno));
		return 2;
	}
	for (;;) {
		if (len == cap) {
			cap = cap ? cap * 2 : 65536;
			nb = realloc(buf, cap);
			if (!nb) {
				fclose(f);
				free(buf);
				fprintf(stderr, "replay: out of memory on '%s'\n", path);
				return 2;
			}
			buf = nb;
		}
		n = fread(buf + len, 1, cap - len, f);
		if (!n)
			break;
		len += n;
	}
	if (ferror(f)) {
		fclose(f);
		free(buf);
		fprintf(stderr, "replay: cannot read '%s'\n", path);
		return 2;
	}
	fclose(f);
	/* An exact-size copy, so that a read past the end is caught as it
	 * is under libFuzzer. */
	nb = malloc(len ? len : 1);
	if (!nb) {
		free(buf);
		return 2;
	}
	if (len)
		memcpy(nb, buf, len);
	free(buf);
	if (getenv("REPLAY_VERBOSE"))
		fprintf(stderr, "replay: %s (%zu bytes)\n", path, len);
	LLVMFuzzerTestOneInput(nb, len);
	free(nb);
	(*count)++;
	return 0;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int run_dir(const char *dir, unsigned *count)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **names = NULL, **nn, path[4096];
	size_t n = 0, cap = 0, i;
	struct stat st;
	int rc = 0;

	if (!d) {
		fprintf(stderr, "replay: cannot open folder '%s': %s\n", dir,
		        strerror(errno));
		return 2;
	}
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			nn = realloc(names, cap * sizeof(*names));
			if (!nn) {
				rc = 2;
				break;
			}
			names = nn;
		}
		if (!(names[n] = strdup(e->d_name))) {
			rc = 2;
			break;
		}
		n++;
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof(*names), cmp_names);
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		if (!rc && stat(path, &st) == 0 && S_ISREG(st.st_mode))
			rc = run_file(path, count);
		free(names[i]);
	}
	free(names);
	return rc;
}

int main(int argc, char **argv)
{
	unsigned count = 0;
	struct stat st;
	int i, rc = 0;

	if (LLVMFuzzerInitialize)
		LLVMFuzzerInitialize(&argc, &argv);
	for (i = 1; i < argc && !rc; i++) {
		if (stat(argv[i], &st) < 0) {
			/* A crash folder that was never needed is fine. */
			if (errno == ENOENT)
				continue;
			fprintf(stderr, "replay: cannot stat '%s': %s\n", argv[i],
			        strerror(errno));
			rc = 2;
		} else if (S_ISDIR(st.st_mode)) {
			rc = run_dir(argv[i], &count);
		} else {
			rc = run_file(argv[i], &count);
		}
	}
	printf("%s: %u inputs replayed\n", argv[0], count);
	return rc;
}
