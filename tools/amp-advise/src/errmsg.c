// SPDX-License-Identifier: GPL-2.0-only
#include <stdarg.h>
#include <stdio.h>

#include "errmsg.h"

int verrmsg(char *err, size_t errlen, const char *fmt, va_list ap)
{
	if (!err || !errlen)
		return -1;
	vsnprintf(err, errlen, fmt, ap);
	for (char *p = err; *p; p++)
		if ((unsigned char)*p < ' ' || *p == 0x7f)
			*p = '?';
	return -1;
}

int errmsg(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	verrmsg(err, errlen, fmt, ap);
	va_end(ap);
	return -1;
}
