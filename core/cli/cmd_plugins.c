/*
 * vanthu plugins: what the plugin search path holds, what loaded and what
 * failed to load and why.  Failures are reported, not fatal: status 0.
 */
#include "vanthu/error.h"
#include "cli.h"

const char cli_usage_plugins[] =
	"usage: vanthu plugins [--json]\n"
	"\n"
	"List the plugins found in --plugin-dir, then in each folder of\n"
	"$VANTHU_PLUGIN_PATH (colon-separated), then beside the program; the first\n"
	"plugin of a name wins.  Plugins that failed to load are listed with the\n"
	"reason; the status is still 0.\n"
	"\n"
	"  --json      {\"plugins\": [{\"name\", \"version\", \"doc_type\", \"path\"}],\n"
	"              \"failures\": [{\"path\", \"reason\"}]}\n"
	"  -h, --help  print this help\n";

/* A string member, or null: a plugin may leave its version out. */
static int add_str(cJSON *o, const char *key, const char *value)
{
	if (!value)
		return cJSON_AddNullToObject(o, key) != NULL;
	return cJSON_AddStringToObject(o, key, value) != NULL;
}

static cJSON *plugins_json(const struct vt_registry *r)
{
	cJSON *root = cJSON_CreateObject();
	cJSON *list = cJSON_AddArrayToObject(root, "plugins");
	cJSON *fails = cJSON_AddArrayToObject(root, "failures");

	if (!list || !fails)
		goto oom;
	for (size_t i = 0; i < vt_registry_count(r); i++) {
		const struct vt_plugin_info *in = vt_registry_get(r, i);
		cJSON *o = cJSON_CreateObject();

		if (!o || !cJSON_AddItemToArray(list, o))
			goto oom;
		if (!add_str(o, "name", in->plugin->name) ||
		    !add_str(o, "version", in->plugin->version) ||
		    !add_str(o, "doc_type", in->plugin->doc_type) ||
		    !add_str(o, "path", in->path))
			goto oom;
	}
	for (size_t i = 0; i < vt_registry_failure_count(r); i++) {
		const struct vt_plugin_failure *f = vt_registry_failure(r, i);
		cJSON *o = cJSON_CreateObject();

		if (!o || !cJSON_AddItemToArray(fails, o))
			goto oom;
		if (!add_str(o, "path", f->path) ||
		    !add_str(o, "reason", f->reason))
			goto oom;
	}
	return root;
oom:
	cJSON_Delete(root);
	return NULL;
}

static const char *or_dash(const char *s)
{
	return s ? s : "-";
}

static void print_human(const struct vt_registry *r)
{
	size_t n = vt_registry_count(r), nf = vt_registry_failure_count(r);

	if (!n)
		printf("no plugins loaded\n");
	for (size_t i = 0; i < n; i++) {
		const struct vt_plugin_info *in = vt_registry_get(r, i);

		printf("%-12s %-8s %-12s %s\n", or_dash(in->plugin->name),
		       or_dash(in->plugin->version), or_dash(in->plugin->doc_type),
		       or_dash(in->path));
	}
	if (nf)
		printf("\n%zu failed to load:\n", nf);
	for (size_t i = 0; i < nf; i++) {
		const struct vt_plugin_failure *f = vt_registry_failure(r, i);

		printf("  %s: %s\n", or_dash(f->path), or_dash(f->reason));
	}
}

int cmd_plugins(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct vt_registry *r = NULL;
	cJSON *json;
	int c, as_json = 0, status;

	optind = 0;
	while ((c = cli_getopt(cli, argc, argv, "h", opts)) != -1) {
		switch (c) {
		case 'j': as_json = 1; break;
		case 'h': return cli_help(cli);
		default: return CLI_USAGE;
		}
	}
	if (optind < argc)
		return cli_usage_error(cli, "'plugins' takes no arguments");
	if ((status = cli_load_registry(cli, &r, 1)) != CLI_OK)
		return status;
	if (as_json) {
		if (!(json = plugins_json(r))) {
			cli_error("out of memory");
			status = CLI_FAIL;
		} else {
			status = cli_print_json(json);
			cJSON_Delete(json);
		}
	} else {
		print_human(r);
	}
	vt_registry_free(r);
	return cli_finish_output(status);
}
