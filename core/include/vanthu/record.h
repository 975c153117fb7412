/*
 * The record of DESIGN.md §2 (schema 1): finishing what a plugin returned
 * (schema, id, source, empty fields), validating it against the contract,
 * and printing it in the canonical form the store keeps.
 */
#ifndef VANTHU_RECORD_H
#define VANTHU_RECORD_H

#include <cjson/cJSON.h>
#include "common.h"
#include "plugin.h"
#include "text.h"

#define VT_RECORD_SCHEMA 1

/*
 * Complete a record after parse(): set "schema", "source" {sha256, bytes,
 * plugin, plugin_version}, the "id" (vt_record_mint_id) unless one is set,
 * and every contract field the plugin left out (null or []).
 */
VT_EXTERN(int) vt_record_finish(cJSON *rec, const struct vt_text *t,
                                const struct vt_plugin *p);

/*
 * Check a record against the contract: required fields, their JSON types,
 * enumerations (type, family, relation, role), date shapes, spans within
 * the source.  VT_EINVALID with a message naming the field otherwise.
 * `src_len` is the length of the source (0: spans not checked).
 */
VT_EXTERN(int) vt_record_validate(const cJSON *rec, size_t src_len);

/*
 * The id a record gets when it is first stored: lower-case ASCII, digits
 * and '-', never longer than 100 bytes, the same for the same identity
 * (scope, year, number; a draft without a number: scope, year, symbol and
 * the source hash).  Caller frees.
 */
VT_EXTERN(char *) vt_record_mint_id(const cJSON *rec);

/*
 * The identity key used to decide whether two texts are versions of one
 * document: "<scope>|<year>|<number>" or NULL for a draft without number.
 * Caller frees.
 */
VT_EXTERN(char *) vt_record_identity(const cJSON *rec);

/*
 * Canonical JSON: contract fields in contract order, other keys after them
 * in byte order, one field per line (cJSON_Print: tab indent), trailing
 * newline.  Same record, same bytes, whatever order its keys were added in.
 * NULL (VT_EINVALID) for a record nested deeper than 64 levels.
 * Caller frees with free().
 */
VT_EXTERN(char *) vt_record_canonical(const cJSON *rec);

/* Is `s` one of the document types of the contract? */
VT_EXTERN(int) vt_record_type_valid(const char *s);
/* Is `s` one of the relation names of the contract? */
VT_EXTERN(int) vt_record_relation_valid(const char *s);

#endif
