/* The entry point exists but returns NULL. */
#include <stddef.h>

#include "vanthu/plugin.h"

VT_PLUGIN_EXPORT const struct vt_plugin *vanthu_plugin_nullentry(void);
VT_PLUGIN_EXPORT const struct vt_plugin *vanthu_plugin_nullentry(void)
{
	return NULL;
}
