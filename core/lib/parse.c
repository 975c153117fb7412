/*
 * Bytes to record: load, pick, parse, finish, validate.  The one place that
 * hands a plugin a document, so it is also the one place that makes sure a
 * plugin's failure or a plugin's bad record comes back as an error naming
 * both the plugin and the input, never as a crash or a half-filled record.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vanthu/error.h"
#include "vanthu/parse.h"
#include "vanthu/record.h"

static int run_plugin(cJSON **out, const struct vt_plugin *p,
                      const struct vt_doc *doc, const struct vt_text *t,
                      const char *name)
{
	struct vt_perr err;
	char why[sizeof(((struct vt_perr *)0)->msg) + 768];
	cJSON *rec;
	int rc;

	rec = cJSON_CreateObject();
	if (!rec)
		return vt_error_oom();
	memset(&err, 0, sizeof(err));
	rc = p->parse(doc, rec, &err);
	if (rc != 0) {
		/* The buffer is the plugin's: do not trust it to end in NUL. */
		err.msg[sizeof(err.msg) - 1] = '\0';
		cJSON_Delete(rec);
		return vt_error_set(VT_EPLUGIN, "plugin '%s' failed on '%s': %s", p->name,
		                    name, err.msg[0] ? err.msg : "no reason given");
	}
	rc = vt_record_finish(rec, t, p);
	if (rc == 0)
		rc = vt_record_validate(rec, t->orig_len);
	if (rc < 0) {
		/* vt_error_set() writes the slot it would read from: copy first. */
		snprintf(why, sizeof(why), "%s", vt_error_last());
		cJSON_Delete(rec);
		if (rc == VT_ENOMEM)
			return vt_error_oom();
		return vt_error_set(VT_EPLUGIN, "plugin '%s' made an invalid record from "
		                    "'%s': %s", p->name, name, why);
	}
	*out = rec;
	return 0;
}

int vt_parse(cJSON **out, struct vt_text **text_out, const struct vt_registry *r,
             const char *bytes, size_t len, const char *name)
{
	const struct vt_plugin *p;
	struct vt_text *t = NULL;
	struct vt_doc doc;
	int rc;

	if (out)
		*out = NULL;
	if (text_out)
		*text_out = NULL;
	if (!out || !r || (!bytes && len))
		return vt_error_set(VT_EUSAGE, "no record output, registry or input to parse");
	if (!name)
		name = "-";

	rc = vt_text_load(&t, bytes ? bytes : "", len, name);
	if (rc < 0)
		return rc;
	doc.text = t->norm;
	doc.len = t->norm_len;
	doc.path = name;
	doc.src = t;

	rc = vt_registry_pick(&p, NULL, r, &doc);
	if (rc == 0)
		rc = run_plugin(out, p, &doc, t, name);
	if (rc < 0 || !text_out)
		vt_text_free(t);
	else
		*text_out = t;
	return rc;
}
