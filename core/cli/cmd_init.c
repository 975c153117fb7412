/*
 * vanthu init: create the store, a bare git repository.  Running it on an
 * existing store changes nothing.
 */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include "vanthu/error.h"
#include "cli.h"

const char cli_usage_init[] =
	"usage: vanthu init\n"
	"\n"
	"Create an empty store (a bare git repository), with its parent folders,\n"
	"at the store path that 'vanthu --help' describes.  An existing store is\n"
	"left as it is.\n"
	"\n"
	"  -h, --help  print this help\n";

/* mkdir -p of the folders above `path`, so a first init under ~/.local works. */
static int make_parents(const char *path)
{
	char buf[4096];
	size_t n = strlen(path);

	if (n >= sizeof(buf))
		return vt_error_set(VT_EINVALID, "store path '%s' is too long", path);
	memcpy(buf, path, n + 1);
	while (n > 1 && buf[n - 1] == '/')
		buf[--n] = '\0';
	for (char *p = buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(buf, 0777) < 0 && errno != EEXIST) {
			int e = errno;

			*p = '/';
			return vt_error_set(VT_EIO, "cannot create '%.*s': %s",
			                    (int)(p - buf), buf, strerror(e));
		}
		*p = '/';
	}
	return 0;
}

int cmd_init(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct vt_store *s = NULL;
	int c, rc;

	optind = 0;
	while ((c = cli_getopt(cli, argc, argv, "h", opts)) != -1) {
		if (c == CLI_GETOPT_ERR)
			return CLI_USAGE;
		if (c == 'h')
			return cli_help(cli);
	}
	if (optind < argc)
		return cli_usage_error(cli, "'init' takes no arguments");

	if (vt_store_open(&s, cli->store_path) == 0) {
		vt_store_free(s);
		printf("store '%s' already exists\n", cli->store_path);
		return cli_finish_output(CLI_OK);
	}
	vt_error_clear();
	if ((rc = make_parents(cli->store_path)) < 0 ||
	    (rc = vt_store_init(cli->store_path)) < 0)
		return cli_fail(rc, "cannot create store '%s'", cli->store_path);
	printf("initialised empty store in '%s'\n", cli->store_path);
	return cli_finish_output(CLI_OK);
}
