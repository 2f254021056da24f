/* SPDX-License-Identifier: GPL-2.0-only */
/* errmsg: the one-line error messages every module hands back to main. */
#ifndef AMP_ERRMSG_H
#define AMP_ERRMSG_H

#include <stdarg.h>
#include <stddef.h>

/*
 * Formats into err (if not NULL) and replaces control characters with '?', so a message stays
 * one line whatever a quoted value held. Returns -1, for "return errmsg(...)".
 */
int errmsg(char *err, size_t errlen, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
int verrmsg(char *err, size_t errlen, const char *fmt, va_list ap) __attribute__((format(printf, 3, 0)));

#endif
