/*
 * Definitions every public header needs.
 */
#ifndef VANTHU_COMMON_H
#define VANTHU_COMMON_H

#include <stddef.h>

#if defined(__GNUC__)
# define VT_EXTERN(type) __attribute__((visibility("default"))) type
#else
# define VT_EXTERN(type) type
#endif

#define VT_VERSION "0.1.0"

#endif
