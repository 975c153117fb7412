/*
 * A plugin compiled against a struct that ends after `size`: the core must
 * read nothing past those 8 bytes.  The struct is really that short here.
 */
#include "vanthu/plugin.h"

struct old_plugin {
	unsigned abi;
	unsigned size;
};

static const struct old_plugin plugin = {
	.abi = VT_PLUGIN_ABI,
	.size = sizeof(struct old_plugin),
};

VT_PLUGIN_EXPORT const struct vt_plugin *vanthu_plugin_badsize(void);
VT_PLUGIN_EXPORT const struct vt_plugin *vanthu_plugin_badsize(void)
{
	return (const struct vt_plugin *)(const void *)&plugin;
}
