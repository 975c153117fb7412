/*
 * The record contract of DESIGN.md §2, in one place: what finish() fills
 * in, what validate() insists on and the key order canonical() prints.
 * Every other module trusts a record that went through here, so the checks
 * are exhaustive rather than clever: a table of rules per object kind.
 */
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "vanthu/error.h"
#include "vanthu/record.h"
#include "vanthu/text.h"
#include "vn.h"

#define ID_MAX 100
#define MAX_DEPTH 64
/* vt_text_slug() output this long may have been cut short. */
#define SLUG_CUT 40

static const char *const doc_types[] = {
	"notice", "dispatch", "plan", "resolution", "decision", "directive",
	"conclusion", "report", "program", "decree", "circular", "law", "other",
	NULL
};

static const char *const relation_names[] = {
	"implements", "based_on", "proposed_by", "amends", "replaces", "repeals",
	"guides", "cites", NULL
};

static const char *const role_names[] = {
	"report", "coordinate", "archive", "as_above", NULL
};

static const char *const family_names[] = { "state", "party", NULL };

/* Top-level keys in the order the store prints them. */
static const char *const top_order[] = {
	"schema", "id", "type", "number", "symbol", "family", "issuer",
	"province", "place", "date", "subject", "recipients", "references",
	"relations", "standards", "tasks", "signer", "distribution",
	"attachments", "warnings", "source", NULL
};

/* Keys of nested objects (references, tasks, signer, source ...). */
static const char *const nested_order[] = {
	"type", "number", "date", "issuer", "relation", "verb", "alias",
	"subject", "from", "to", "label", "text", "lead", "support", "deadlines",
	"deadlines_text", "outputs", "name", "title", "authority", "role", "code",
	"message", "sha256", "bytes", "plugin", "plugin_version", "span", NULL
};

static int in_list(const char *const *list, const char *s)
{
	if (!s)
		return 0;
	for (; *list; list++)
		if (strcmp(*list, s) == 0)
			return 1;
	return 0;
}

int vt_record_type_valid(const char *s)
{
	return in_list(doc_types, s);
}

int vt_record_relation_valid(const char *s)
{
	return in_list(relation_names, s);
}

/*
 * cJSON_GetObjectItemCaseSensitive() with the first byte compared inline:
 * finish and validate look up every rule's key in every task and
 * reference, and the calls to strcmp() cost more than the checks.  The
 * same answer, down to its stop at a member without a name.
 */
static cJSON *member(const cJSON *obj, const char *key)
{
	cJSON *ch;

	for (ch = obj ? obj->child : NULL; ch && ch->string; ch = ch->next)
		if (ch->string[0] == key[0] && !strcmp(ch->string, key))
			return ch;
	return NULL;
}

/* ---- finish ------------------------------------------------------------ */

static int set_item(cJSON *obj, const char *key, cJSON *item)
{
	cJSON_bool ok;

	if (!item)
		return vt_error_oom();
	if (member(obj, key))
		ok = cJSON_ReplaceItemInObjectCaseSensitive(obj, key, item);
	else
		ok = cJSON_AddItemToObject(obj, key, item);
	if (!ok) {
		cJSON_Delete(item);
		return vt_error_oom();
	}
	return 0;
}

/* Add `key` as null (array == 0) or [] when the object does not have it. */
static int fill(cJSON *obj, const char *key, int array)
{
	if (member(obj, key))
		return 0;
	return set_item(obj, key, array ? cJSON_CreateArray() : cJSON_CreateNull());
}

static int fill_all(cJSON *obj, const char *const *nulls, const char *const *arrays)
{
	for (; nulls && *nulls; nulls++)
		if (fill(obj, *nulls, 0) < 0)
			return VT_ENOMEM;
	for (; arrays && *arrays; arrays++)
		if (fill(obj, *arrays, 1) < 0)
			return VT_ENOMEM;
	return 0;
}

static int fill_each(cJSON *rec, const char *list, const char *const *nulls,
                     const char *const *arrays)
{
	cJSON *arr = member(rec, list), *it;

	if (!cJSON_IsArray(arr))
		return 0;
	cJSON_ArrayForEach(it, arr)
		if (cJSON_IsObject(it) && fill_all(it, nulls, arrays) < 0)
			return VT_ENOMEM;
	return 0;
}

/*
 * The nullable members of nested objects are filled too: a plugin that
 * does not know a citation's verb should not have to say so explicitly.
 * Required members (a reference's relation, a task's text) are not: their
 * absence is a plugin bug that validate() reports.
 */
static int fill_nested(cJSON *rec)
{
	static const char *const ref_nulls[] = {
		"type", "number", "date", "issuer", "verb", "alias", NULL
	};
	static const char *const task_arrays[] = {
		"lead", "support", "deadlines", "deadlines_text", "outputs", NULL
	};
	static const char *const signer_nulls[] = { "name", "title", "authority", NULL };
	static const char *const dist_nulls[] = { "role", NULL };
	cJSON *signer = member(rec, "signer");

	if (fill_each(rec, "references", ref_nulls, NULL) < 0 ||
	    fill_each(rec, "tasks", NULL, task_arrays) < 0 ||
	    fill_each(rec, "distribution", dist_nulls, NULL) < 0)
		return VT_ENOMEM;
	if (cJSON_IsObject(signer) && fill_all(signer, signer_nulls, NULL) < 0)
		return VT_ENOMEM;
	return 0;
}

static cJSON *make_source(const struct vt_text *t, const struct vt_plugin *p)
{
	cJSON *src = cJSON_CreateObject();

	if (!src ||
	    !cJSON_AddStringToObject(src, "sha256", t->sha256) ||
	    !cJSON_AddNumberToObject(src, "bytes", (double)t->orig_len) ||
	    !cJSON_AddStringToObject(src, "plugin", p->name) ||
	    !cJSON_AddStringToObject(src, "plugin_version", p->version)) {
		cJSON_Delete(src);
		return NULL;
	}
	return src;
}

static int canon_sort(cJSON *it, int depth);

int vt_record_finish(cJSON *rec, const struct vt_text *t, const struct vt_plugin *p)
{
	static const char *const nulls[] = {
		"number", "symbol", "family", "issuer", "province", "place", "date",
		"subject", "signer", NULL
	};
	static const char *const arrays[] = {
		"recipients", "references", "relations", "standards", "tasks",
		"distribution", "attachments", "warnings", NULL
	};
	const cJSON *type, *id;
	char *minted;
	int rc;

	if (!cJSON_IsObject(rec) || !t || !p)
		return vt_error_set(VT_EUSAGE, "no record, text or plugin to finish");

	if (set_item(rec, "schema", cJSON_CreateNumber(VT_RECORD_SCHEMA)) < 0 ||
	    set_item(rec, "source", make_source(t, p)) < 0)
		return VT_ENOMEM;
	type = member(rec, "type");
	if ((!type || cJSON_IsNull(type)) &&
	    set_item(rec, "type", cJSON_CreateString(p->doc_type)) < 0)
		return VT_ENOMEM;
	if (fill_all(rec, nulls, arrays) < 0 || fill_nested(rec) < 0)
		return VT_ENOMEM;

	id = member(rec, "id");
	if (!id || cJSON_IsNull(id)) {
		minted = vt_record_mint_id(rec);
		if (!minted)
			return vt_error_last_code() ? vt_error_last_code() : vt_error_oom();
		rc = set_item(rec, "id", cJSON_CreateString(minted));
		free(minted);
		if (rc < 0)
			return rc;
	}
	return canon_sort(rec, 0);
}

/* ---- identity and ids -------------------------------------------------- */

static const char *nonempty_string(const cJSON *obj, const char *key)
{
	const cJSON *it = member(obj, key);

	if (!cJSON_IsString(it) || !it->valuestring || !it->valuestring[0])
		return NULL;
	return it->valuestring;
}

/* slug(province), or "central" when the record has none (or it slugs to nothing). */
static char *scope_of(const cJSON *rec)
{
	const char *prov = nonempty_string(rec, "province");
	char *s;

	if (prov) {
		s = vt_text_slug(prov, strlen(prov));
		if (!s)
			return NULL;
		if (s[0])
			return s;
		free(s);
	}
	return strdup("central");
}

static void year_of(char year[5], const cJSON *rec)
{
	const char *date = nonempty_string(rec, "date");
	int i;

	memcpy(year, "0000", 5);
	if (!date)
		return;
	for (i = 0; i < 4; i++)
		if (date[i] < '0' || date[i] > '9')
			return;
	memcpy(year, date, 4);
	year[4] = '\0';
}

/*
 * The number as identity compares it: upper case ("qđ" and "QĐ" are one
 * document) and without leading zeros ("05/BNV-VP" is "5/BNV-VP").
 */
static char *number_key(const char *number)
{
	size_t len = strlen(number), i = 0, o = 0, digits;
	char *out;

	if (len > SIZE_MAX / 4 - 1)
		return NULL;
	out = malloc(len * 4 + 1);
	if (!out)
		return NULL;
	while (i < len) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)number + i,
		                                      (utf8proc_ssize_t)(len - i), &cp);

		if (n <= 0) {
			/* Not UTF-8: keep the byte, the key only has to be stable. */
			out[o++] = number[i++];
			continue;
		}
		o += (size_t)utf8proc_encode_char(utf8proc_toupper(cp),
		                                  (utf8proc_uint8_t *)out + o);
		i += (size_t)n;
	}
	out[o] = '\0';

	for (digits = 0; out[digits] >= '0' && out[digits] <= '9'; digits++)
		;
	for (i = 0; i + 1 < digits && out[i] == '0'; i++)
		;
	if (i)
		memmove(out, out + i, o - i + 1);
	return out;
}

char *vt_record_identity(const cJSON *rec)
{
	const char *number;
	char year[5], *scope, *key, *out = NULL;

	if (!cJSON_IsObject(rec)) {
		vt_error_set(VT_EUSAGE, "no record to identify");
		return NULL;
	}
	number = nonempty_string(rec, "number");
	if (!number)
		return NULL;        /* a draft: no identity until it is numbered */
	year_of(year, rec);
	scope = scope_of(rec);
	key = number_key(number);
	if (!scope || !key || asprintf(&out, "%s|%s|%s", scope, year, key) < 0) {
		out = NULL;
		vt_error_oom();
	}
	free(scope);
	free(key);
	return out;
}

/*
 * Whatever slug() gave us, an id is [a-z0-9-] with single dashes, none at
 * either end: a safe file name that can never be "." or "..".
 */
static void sanitize_id(char *s)
{
	size_t i, o = 0;

	for (i = 0; s[i]; i++) {
		char c = s[i];

		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')))
			c = '-';
		if (c == '-' && (o == 0 || s[o - 1] == '-'))
			continue;
		s[o++] = c;
	}
	while (o && s[o - 1] == '-')
		o--;
	s[o] = '\0';
}

/*
 * Too long: cut, and keep the ids of two long numbers that share a prefix
 * apart with a hash of the whole.
 */
static void shorten_id(char *s)
{
	char hex[65];
	size_t cut = ID_MAX - 11;

	if (strlen(s) <= ID_MAX)
		return;
	vt_sha256_hex(hex, s, strlen(s));
	s[cut] = '\0';
	while (cut && s[cut - 1] == '-')
		s[--cut] = '\0';
	snprintf(s + cut, 12, "-%.10s", hex);
}

static char *slug_of(const char *s)
{
	return vt_text_slug(s, strlen(s));
}

char *vt_record_mint_id(const cJSON *rec)
{
	const cJSON *source;
	const char *number, *what, *sha;
	char year[5], hex[65], *scope, *key = NULL, *tail = NULL, *id = NULL;
	int n = -1;

	if (!cJSON_IsObject(rec)) {
		vt_error_set(VT_EUSAGE, "no record to mint an id for");
		return NULL;
	}
	year_of(year, rec);
	scope = scope_of(rec);
	number = nonempty_string(rec, "number");
	if (!scope)
		goto done;
	if (number) {
		/* The same identity always gives the same id. */
		key = number_key(number);
		tail = key ? slug_of(key) : NULL;
		if (tail && strlen(tail) >= SLUG_CUT) {
			/* slug() may have cut it: keep long numbers apart. */
			vt_sha256_hex(hex, key, strlen(key));
			n = asprintf(&id, "%s-%s-%s-%.10s", scope, year, tail, hex);
		} else if (tail) {
			n = asprintf(&id, "%s-%s-%s", scope, year, tail);
		}
	} else {
		what = nonempty_string(rec, "symbol");
		if (!what)
			what = nonempty_string(rec, "type");
		source = member(rec, "source");
		sha = nonempty_string(source, "sha256");
		tail = slug_of(what ? what : "doc");
		if (tail)
			n = asprintf(&id, "%s-%s-draft-%s-%.10s", scope, year, tail,
			             sha ? sha : "");
	}
done:
	free(scope);
	free(key);
	free(tail);
	if (n < 0) {
		vt_error_oom();
		return NULL;
	}
	sanitize_id(id);
	shorten_id(id);
	if (!id[0]) {
		free(id);
		id = strdup("doc");
	}
	return id;
}

/* ---- validation -------------------------------------------------------- */

struct vctx {
	size_t src_len;
	size_t len;
	char path[256];
};

typedef int (*check_fn)(struct vctx *c, const cJSON *it);

struct rule {
	const char *key;
	check_fn check;
	int optional;
};

/*
 * ".key" onto the path, without printf: the path is written for every key
 * of every record checked and read only in a message.
 */
static size_t push_key(struct vctx *c, const char *key)
{
	size_t old = c->len, room, n = strlen(key);

	if (c->len >= sizeof(c->path) - 1)
		return old;
	if (c->len)
		c->path[c->len++] = '.';
	room = sizeof(c->path) - 1 - c->len;
	if (n > room)   /* the path goes into a message: cut between characters */
		n = vt_text_utf8_floor(key, room);
	memcpy(c->path + c->len, key, n);
	c->len += n;
	c->path[c->len] = '\0';
	return old;
}

/* "[i]" onto the path, as push_key() does a key. */
static size_t push_index(struct vctx *c, size_t i)
{
	char digits[24], *d = digits + sizeof(digits);
	size_t old = c->len, n;

	*--d = ']';
	do
		*--d = (char)('0' + i % 10);
	while ((i /= 10) && d > digits + 1);
	*--d = '[';
	n = (size_t)(digits + sizeof(digits) - d);
	if (c->len + n < sizeof(c->path)) {
		memcpy(c->path + c->len, d, n);
		c->len += n;
		c->path[c->len] = '\0';
	}
	return old;
}

static void pop(struct vctx *c, size_t old)
{
	c->len = old;
	c->path[old] = '\0';
}

/* At most 60 bytes of an untrusted value, cut on a character boundary. */
static void quote(char out[64], const char *s)
{
	size_t n = strlen(s);

	if (n > 60) {
		n = 60;
		while (n && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
	}
	memcpy(out, s, n);
	out[n] = '\0';
}

__attribute__((format(printf, 2, 3)))
static int bad(const struct vctx *c, const char *fmt, ...)
{
	char what[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	return vt_error_set(VT_EINVALID, "record field '%s' %s", c->path, what);
}

static int bad_value(const struct vctx *c, const char *what, const char *value)
{
	char q[64];

	quote(q, value);
	return bad(c, "is not %s: '%s'", what, q);
}

static int is_digits(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

static int num2(const char *s)
{
	return (s[0] - '0') * 10 + (s[1] - '0');
}

static int real_day(int year, int month, int day)
{
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;

	if (month < 1 || month > 12 || day < 1 || day > mdays[month - 1])
		return 0;
	return month != 2 || day < 29 || leap;
}

/*
 * "YYYY", "YYYY-MM", "YYYY-MM-DD"; deadlines also "YYYY-Qn" and "--MM-DD"
 * (every year on that day, so 29 February is allowed).
 */
static int date_shape(const char *s, int deadline)
{
	size_t n = strlen(s);
	int year;

	if (deadline && n == 7 && s[0] == '-' && s[1] == '-' && s[4] == '-')
		return is_digits(s + 2, 2) && is_digits(s + 5, 2) &&
		       real_day(2000, num2(s + 2), num2(s + 5));
	if (n < 4 || !is_digits(s, 4))
		return 0;
	year = num2(s) * 100 + num2(s + 2);
	if (n == 4)
		return 1;
	if (s[4] != '-')
		return 0;
	if (n == 7 && deadline && s[5] == 'Q')
		return s[6] >= '1' && s[6] <= '4';
	if (n == 7)
		return is_digits(s + 5, 2) && num2(s + 5) >= 1 && num2(s + 5) <= 12;
	if (n == 10 && s[7] == '-' && is_digits(s + 5, 2) && is_digits(s + 8, 2))
		return real_day(year, num2(s + 5), num2(s + 8));
	return 0;
}

static int check_string(struct vctx *c, const cJSON *it)
{
	return cJSON_IsString(it) ? 0 : bad(c, "is not a string");
}

static int check_string_or_null(struct vctx *c, const cJSON *it)
{
	return cJSON_IsString(it) || cJSON_IsNull(it) ? 0 :
	       bad(c, "is not a string or null");
}

static int check_enum(struct vctx *c, const cJSON *it, const char *const *list,
                      int nullable, const char *what)
{
	if (nullable && cJSON_IsNull(it))
		return 0;
	if (!cJSON_IsString(it))
		return bad(c, nullable ? "is not a string or null" : "is not a string");
	if (!in_list(list, it->valuestring))
		return bad_value(c, what, it->valuestring);
	return 0;
}

static int check_type(struct vctx *c, const cJSON *it)
{
	return check_enum(c, it, doc_types, 0, "a document type");
}

static int check_type_or_null(struct vctx *c, const cJSON *it)
{
	return check_enum(c, it, doc_types, 1, "a document type");
}

static int check_relation(struct vctx *c, const cJSON *it)
{
	return check_enum(c, it, relation_names, 0, "a relation");
}

static int check_role(struct vctx *c, const cJSON *it)
{
	return check_enum(c, it, role_names, 1, "a distribution role");
}

static int check_family(struct vctx *c, const cJSON *it)
{
	return check_enum(c, it, family_names, 1, "a family");
}

static int check_date(struct vctx *c, const cJSON *it)
{
	if (cJSON_IsNull(it))
		return 0;
	if (!cJSON_IsString(it))
		return bad(c, "is not a string or null");
	return date_shape(it->valuestring, 0) ? 0 :
	       bad_value(c, "a date", it->valuestring);
}

/* A non-negative integer that a double holds exactly. */
static int as_offset(size_t *out, const cJSON *it)
{
	double d;

	if (!cJSON_IsNumber(it))
		return -1;
	d = it->valuedouble;
	if (!(d >= 0 && d <= 9007199254740992.0) || (double)(uint64_t)d != d)
		return -1;
	*out = (size_t)d;
	return 0;
}

static int check_span(struct vctx *c, const cJSON *it)
{
	size_t start, end;

	if (!cJSON_IsArray(it) || cJSON_GetArraySize(it) != 2 ||
	    as_offset(&start, cJSON_GetArrayItem(it, 0)) < 0 ||
	    as_offset(&end, cJSON_GetArrayItem(it, 1)) < 0)
		return bad(c, "is not a span [start, end] of byte offsets");
	if (start > end)
		return bad(c, "is not a span: start %zu after end %zu", start, end);
	if (c->src_len && end > c->src_len)
		return bad(c, "is not a span within the source: end %zu past %zu bytes",
		           end, c->src_len);
	return 0;
}

static int check_each(struct vctx *c, const cJSON *arr, check_fn check)
{
	const cJSON *it;
	size_t i = 0, old;
	int rc;

	if (!cJSON_IsArray(arr))
		return bad(c, "is not an array");
	cJSON_ArrayForEach(it, arr) {
		old = push_index(c, i++);
		rc = check(c, it);
		pop(c, old);
		if (rc < 0)
			return rc;
	}
	return 0;
}

static int check_rules(struct vctx *c, const cJSON *obj, const struct rule *rules)
{
	const struct rule *r;
	size_t old;
	int rc;

	if (!cJSON_IsObject(obj))
		return bad(c, "is not an object");
	for (r = rules; r->key; r++) {
		const cJSON *it = member(obj, r->key);

		old = push_key(c, r->key);
		if (!it)
			rc = r->optional ? 0 : bad(c, "is missing");
		else
			rc = r->check(c, it);
		pop(c, old);
		if (rc < 0)
			return rc;
	}
	return 0;
}

static int check_strings(struct vctx *c, const cJSON *it)
{
	return check_each(c, it, check_string);
}

static int check_deadline(struct vctx *c, const cJSON *it)
{
	if (!cJSON_IsString(it))
		return bad(c, "is not a string");
	return date_shape(it->valuestring, 1) ? 0 :
	       bad_value(c, "a date", it->valuestring);
}

static int check_deadlines(struct vctx *c, const cJSON *it)
{
	return check_each(c, it, check_deadline);
}

static const struct rule reference_rules[] = {
	{ "type", check_type_or_null, 0 },
	{ "number", check_string_or_null, 0 },
	{ "date", check_date, 0 },
	{ "issuer", check_string_or_null, 0 },
	{ "relation", check_relation, 0 },
	{ "verb", check_string_or_null, 0 },
	{ "alias", check_string_or_null, 1 },
	{ "span", check_span, 0 },
	{ NULL, NULL, 0 }
};

static const struct rule relation_rules[] = {
	{ "from", check_string, 0 },
	{ "to", check_string, 0 },
	{ "relation", check_relation, 0 },
	{ "span", check_span, 1 },
	{ NULL, NULL, 0 }
};

static const struct rule standard_rules[] = {
	{ "number", check_string, 0 },
	{ "span", check_span, 0 },
	{ NULL, NULL, 0 }
};

static const struct rule output_rules[] = {
	{ "type", check_type_or_null, 0 },
	{ "text", check_string, 0 },
	{ NULL, NULL, 0 }
};

static int check_output(struct vctx *c, const cJSON *it)
{
	return check_rules(c, it, output_rules);
}

static int check_outputs(struct vctx *c, const cJSON *it)
{
	return check_each(c, it, check_output);
}

static const struct rule task_rules[] = {
	{ "label", check_string, 0 },
	{ "text", check_string, 0 },
	{ "lead", check_strings, 0 },
	{ "support", check_strings, 0 },
	{ "deadlines", check_deadlines, 0 },
	{ "deadlines_text", check_strings, 0 },
	{ "outputs", check_outputs, 0 },
	{ "span", check_span, 0 },
	{ NULL, NULL, 0 }
};

static const struct rule signer_rules[] = {
	{ "name", check_string_or_null, 0 },
	{ "title", check_string_or_null, 0 },
	{ "authority", check_string_or_null, 0 },
	{ NULL, NULL, 0 }
};

static const struct rule distribution_rules[] = {
	{ "name", check_string, 0 },
	{ "role", check_role, 0 },
	{ NULL, NULL, 0 }
};

static const struct rule warning_rules[] = {
	{ "code", check_string, 0 },
	{ "message", check_string, 0 },
	{ "span", check_span, 1 },
	{ NULL, NULL, 0 }
};

#define LIST_CHECK(fn, rules) \
	static int fn##_one(struct vctx *c, const cJSON *it) \
	{ return check_rules(c, it, rules); } \
	static int fn(struct vctx *c, const cJSON *it) \
	{ return check_each(c, it, fn##_one); }

LIST_CHECK(check_references, reference_rules)
LIST_CHECK(check_relations, relation_rules)
LIST_CHECK(check_standards, standard_rules)
LIST_CHECK(check_tasks, task_rules)
LIST_CHECK(check_distribution, distribution_rules)
LIST_CHECK(check_warnings, warning_rules)

static int check_signer(struct vctx *c, const cJSON *it)
{
	return cJSON_IsNull(it) ? 0 : check_rules(c, it, signer_rules);
}

static int check_array(struct vctx *c, const cJSON *it)
{
	return cJSON_IsArray(it) ? 0 : bad(c, "is not an array");
}

static int check_schema(struct vctx *c, const cJSON *it)
{
	if (!cJSON_IsNumber(it) || it->valuedouble != VT_RECORD_SCHEMA)
		return bad(c, "is not %d", VT_RECORD_SCHEMA);
	return 0;
}

static int check_id(struct vctx *c, const cJSON *it)
{
	const char *s;
	size_t n;

	if (!cJSON_IsString(it))
		return bad(c, "is not a string");
	s = it->valuestring;
	n = strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789-");
	if (n == 0 || n > ID_MAX || s[n])
		return bad_value(c, "an id ([a-z0-9-], 1 to 100 bytes)", s);
	return 0;
}

static int check_sha256(struct vctx *c, const cJSON *it)
{
	if (!cJSON_IsString(it))
		return bad(c, "is not a string");
	if (strlen(it->valuestring) != 64 ||
	    strspn(it->valuestring, "0123456789abcdef") != 64)
		return bad_value(c, "a SHA-256 in lower-case hex", it->valuestring);
	return 0;
}

static int check_bytes(struct vctx *c, const cJSON *it)
{
	size_t n;

	return as_offset(&n, it) == 0 ? 0 : bad(c, "is not a byte count");
}

static const struct rule source_rules[] = {
	{ "sha256", check_sha256, 0 },
	{ "bytes", check_bytes, 0 },
	{ "plugin", check_string, 0 },
	{ "plugin_version", check_string, 0 },
	{ NULL, NULL, 0 }
};

static int check_source(struct vctx *c, const cJSON *it)
{
	return check_rules(c, it, source_rules);
}

static const struct rule record_rules[] = {
	{ "schema", check_schema, 0 },
	{ "id", check_id, 0 },
	{ "type", check_type, 0 },
	{ "number", check_string_or_null, 0 },
	{ "symbol", check_string_or_null, 0 },
	{ "family", check_family, 0 },
	{ "issuer", check_string_or_null, 0 },
	{ "province", check_string_or_null, 0 },
	{ "place", check_string_or_null, 0 },
	{ "date", check_date, 0 },
	{ "subject", check_string_or_null, 0 },
	{ "recipients", check_strings, 0 },
	{ "references", check_references, 0 },
	{ "relations", check_relations, 0 },
	{ "standards", check_standards, 0 },
	{ "tasks", check_tasks, 0 },
	{ "signer", check_signer, 0 },
	{ "distribution", check_distribution, 0 },
	{ "attachments", check_array, 0 },
	{ "warnings", check_warnings, 0 },
	{ "source", check_source, 0 },
	{ NULL, NULL, 0 }
};

/* vn_cp() decodes the letters of Vietnamese inline, as strictly as utf8proc. */
static int utf8_valid(const char *s)
{
	size_t n = strlen(s), i = 0;
	int32_t cp;

	while (i < n) {
		uint64_t w;

		/* Eight ASCII bytes at a time: keys, numbers, dates, ids. */
		if (i + 8 <= n && (memcpy(&w, s + i, 8), !(w & 0x8080808080808080ull))) {
			i += 8;
			continue;
		}
		if ((unsigned char)s[i] < 0x80) {
			i++;
			continue;
		}
		i += vn_cp(&cp, s, n, i);
		if (cp < 0)
			return 0;
	}
	return 1;
}

/*
 * Every string and member name, known to the contract or not: a record
 * read back from a hand-edited file may hold any bytes, and everything
 * downstream (messages, graphs, JSON output) assumes UTF-8.
 */
static int check_utf8(struct vctx *c, const cJSON *it, int depth)
{
	const cJSON *ch;
	size_t i = 0, old;
	int rc;

	if (cJSON_IsString(it) && !utf8_valid(it->valuestring))
		return bad(c, "is not valid UTF-8");
	if (!cJSON_IsArray(it) && !cJSON_IsObject(it))
		return 0;
	if (depth >= MAX_DEPTH)
		return bad(c, "is nested deeper than %d levels", MAX_DEPTH);
	cJSON_ArrayForEach(ch, it) {
		if (cJSON_IsObject(it) && !(ch->string && utf8_valid(ch->string)))
			return c->len ? bad(c, "has a member name that is not valid UTF-8") :
			       vt_error_set(VT_EINVALID, "record has a member name that "
			                    "is not valid UTF-8");
		if (cJSON_IsObject(it))
			old = push_key(c, ch->string);
		else
			old = push_index(c, i);
		i++;
		rc = check_utf8(c, ch, depth + 1);
		pop(c, old);
		if (rc < 0)
			return rc;
	}
	return 0;
}

int vt_record_validate(const cJSON *rec, size_t src_len)
{
	struct vctx c;
	int rc;

	if (!cJSON_IsObject(rec))
		return vt_error_set(VT_EINVALID, "record is not a JSON object");
	memset(&c, 0, sizeof(c));
	c.src_len = src_len;
	/* First, so that no message below quotes bytes that are not text. */
	if ((rc = check_utf8(&c, rec, 0)) < 0)
		return rc;
	return check_rules(&c, rec, record_rules);
}

/* ---- canonical form ---------------------------------------------------- */

struct keyed {
	const cJSON *item;
	size_t rank;     /* position in the contract order; unknown keys last */
	size_t index;    /* insertion order, only to break ties of duplicate keys */
};

static size_t rank_of(const char *const *order, const char *key)
{
	size_t i;

	/* The first byte first: this runs for every member of every record. */
	for (i = 0; order[i]; i++)
		if (order[i][0] == key[0] && strcmp(order[i], key) == 0)
			return i;
	return SIZE_MAX;
}

static int cmp_keyed(const void *pa, const void *pb)
{
	const struct keyed *a = pa, *b = pb;
	int c;

	if (a->rank != b->rank)
		return a->rank < b->rank ? -1 : 1;
	if (a->rank == SIZE_MAX) {
		c = strcmp(a->item->string, b->item->string);
		if (c)
			return c;
	}
	return a->index < b->index ? -1 : a->index > b->index;
}

/* keys[]: the members of `obj`, in canonical order. */
static void sort_members(struct keyed *keys, const cJSON *obj, const char *const *order)
{
	const cJSON *ch;
	size_t i = 0;

	cJSON_ArrayForEach(ch, obj) {
		keys[i].item = ch;
		keys[i].rank = ch->string ? rank_of(order, ch->string) : SIZE_MAX;
		keys[i].index = i;
		i++;
	}
	qsort(keys, i, sizeof(*keys), cmp_keyed);
}

static cJSON *canon_copy(const cJSON *it, int depth);

static cJSON *canon_object(const cJSON *obj, int depth)
{
	const char *const *order = depth == 0 ? top_order : nested_order;
	struct keyed *keys;
	const cJSON *ch;
	size_t n = 0, i;
	cJSON *out;

	cJSON_ArrayForEach(ch, obj)
		n++;
	keys = calloc(n ? n : 1, sizeof(*keys));
	out = cJSON_CreateObject();
	if (!keys || !out)
		goto oom;
	sort_members(keys, obj, order);
	for (i = 0; i < n; i++) {
		cJSON *copy = canon_copy(keys[i].item, depth + 1);

		if (!copy)
			goto fail;
		if (!cJSON_AddItemToObjectCS(out, keys[i].item->string ?
		                             keys[i].item->string : "", copy)) {
			cJSON_Delete(copy);
			goto oom;
		}
	}
	free(keys);
	return out;
oom:
	vt_error_oom();
fail:
	free(keys);
	cJSON_Delete(out);
	return NULL;
}

static cJSON *canon_copy(const cJSON *it, int depth)
{
	const cJSON *ch;
	cJSON *out;

	if (depth > MAX_DEPTH) {
		vt_error_set(VT_EINVALID, "record nested deeper than %d levels", MAX_DEPTH);
		return NULL;
	}
	if (cJSON_IsObject(it))
		return canon_object(it, depth);
	if (!cJSON_IsArray(it)) {
		/* The copy lives while `rec` is printed: it borrows its strings
		 * and keys (cJSON_AddItemToObjectCS), most of its mallocs. */
		out = cJSON_IsString(it) ? cJSON_CreateStringReference(it->valuestring)
		                         : cJSON_Duplicate(it, 0);
		if (!out)
			vt_error_oom();
		return out;
	}
	out = cJSON_CreateArray();
	if (!out) {
		vt_error_oom();
		return NULL;
	}
	cJSON_ArrayForEach(ch, it) {
		cJSON *copy = canon_copy(ch, depth + 1);

		if (!copy || !cJSON_AddItemToArray(out, copy)) {
			if (copy)
				vt_error_oom();
			cJSON_Delete(copy);
			cJSON_Delete(out);
			return NULL;
		}
	}
	return out;
}

/* Whether the members of object `obj` are in canonical order. */
static int members_in_order(const cJSON *obj, const char *const *order)
{
	const cJSON *ch, *prev = NULL;
	size_t last = 0;

	cJSON_ArrayForEach(ch, obj) {
		size_t rank;

		if (!ch->string)
			return 0;
		rank = rank_of(order, ch->string);
		if (prev && (rank < last || (rank == last &&
		             (rank != SIZE_MAX || strcmp(prev->string, ch->string) >= 0))))
			return 0;
		last = rank;
		prev = ch;
	}
	return 1;
}

/*
 * The members of every object under `it` relinked into canonical order,
 * in place: what vt_record_finish() hands on then prints as it is.
 */
static int canon_sort(cJSON *it, int depth)
{
	const char *const *order = depth == 0 ? top_order : nested_order;
	struct keyed *keys;
	cJSON *ch;
	size_t n = 0, i;

	if (depth > MAX_DEPTH)
		return 0;
	cJSON_ArrayForEach(ch, it) {
		n++;
		if ((cJSON_IsObject(ch) || cJSON_IsArray(ch)) && canon_sort(ch, depth + 1) < 0)
			return -1;
	}
	if (!cJSON_IsObject(it) || n < 2 || members_in_order(it, order))
		return 0;
	if (!(keys = malloc(n * sizeof(*keys))))
		return vt_error_oom();
	sort_members(keys, it, order);
	/* cJSON's list: prev of the first is the last, next of the last NULL. */
	for (i = 0; i < n; i++) {
		ch = (cJSON *)keys[i].item;
		ch->next = i + 1 < n ? (cJSON *)keys[i + 1].item : NULL;
		ch->prev = (cJSON *)keys[i ? i - 1 : n - 1].item;
	}
	it->child = (cJSON *)keys[0].item;
	free(keys);
	return 0;
}

/*
 * Whether every object under `it` has its keys in canonical order already,
 * as vt_record_finish() leaves them: then `it` prints as it is, and the
 * sorted copy (a third of the cost of canonical form) is not needed.
 */
static int in_order(const cJSON *it, int depth)
{
	const cJSON *ch;

	if (depth > MAX_DEPTH ||
	    (cJSON_IsObject(it) && !members_in_order(it, depth ? nested_order : top_order)))
		return 0;
	cJSON_ArrayForEach(ch, it)
		if ((cJSON_IsObject(ch) || cJSON_IsArray(ch)) && !in_order(ch, depth + 1))
			return 0;
	return 1;
}

/*
 * cJSON_Print() into a buffer of ours, with room for the final newline:
 * printed straight into a buffer of about the last record's size, with no
 * regrowth and no copy (cJSON_Print() doubles its buffer, then copies the
 * text out, and the newline meant a third copy).
 */
static char *print_canonical(const cJSON *it)
{
	static _Thread_local size_t hint = 16384;
	size_t cap = hint;

	for (;;) {
		char *out = malloc(cap);
		size_t n;

		if (!out)
			break;
		/* cJSON asks for 5 bytes more than it needs; one more for '\n'. */
		if (cJSON_PrintPreallocated((cJSON *)it, out, (int)cap - 6, 1)) {
			n = strlen(out);
			out[n] = '\n';
			out[n + 1] = '\0';
			hint = n + n / 4 + 64 > 16384 ? n + n / 4 + 64 : 16384;
			return out;
		}
		free(out);
		if (cap > INT_MAX / 2)
			break;
		cap *= 2;
	}
	vt_error_oom();
	return NULL;
}

char *vt_record_canonical(const cJSON *rec)
{
	cJSON *copy;
	char *out;

	if (!cJSON_IsObject(rec)) {
		vt_error_set(VT_EUSAGE, "no record to print");
		return NULL;
	}
	if (in_order(rec, 0))
		return print_canonical(rec);
	if (!(copy = canon_copy(rec, 0)))
		return NULL;
	out = print_canonical(copy);
	cJSON_Delete(copy);
	return out;
}
