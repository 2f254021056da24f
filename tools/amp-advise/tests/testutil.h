/* SPDX-License-Identifier: GPL-2.0-only */
/* Shared bits of the cmocka suites. */
#ifndef AMP_TESTUTIL_H
#define AMP_TESTUTIL_H

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

/* Doubles equal within eps (cmocka's float assertion works in single precision). */
#define assert_near(a, b, eps)                                                              \
	do {                                                                                \
		double a_ = (a), b_ = (b);                                                  \
		if (!(fabs(a_ - b_) <= (eps)))                                              \
			fail_msg("%s = %.9g, expected %.9g within %g", #a, a_, b_, (double)(eps)); \
	} while (0)

/* Rounded to n decimals, as printed. */
static inline double rounded(double v, int n)
{
	double s = pow(10.0, n);

	return round(v * s) / s;
}

#endif
