/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * HPA380: the differences between the kernels the driver supports, 6.1.y
 * (from 6.1.98) and 6.12.y. The driver is written for current mainline; each
 * item below gives an older kernel the mainline name it lacks, keyed on the
 * mainline release that brought it. Nothing here applies to 6.12. For
 * mainline submission, drop this file and write .probe for HPA380_I2C_PROBE.
 */
#ifndef HPA380_COMPAT_H
#define HPA380_COMPAT_H

#include <linux/device.h>
#include <linux/mutex.h>
#include <linux/property.h>
#include <linux/string.h>
#include <linux/version.h>

/*
 * Used as they are, no stand-in: scope-based locking (guard(), scoped_guard(),
 * <linux/cleanup.h>: 6.5) and devm_mutex_init() (6.10). Stable backports
 * brought them to 6.1.y in 6.1.79 and 6.1.98; a kernel without the latter
 * is refused here rather than by a compiler error further down.
 */
#ifndef devm_mutex_init
#error "snd-soc-hpa380 needs devm_mutex_init() and guards: Linux 6.1.98 or later"
#endif

/*
 * 6.3 made the one-argument callback the i2c_driver's .probe; before, that
 * was .probe_new, and .probe took the matched i2c_device_id as well.
 */
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 3, 0)
#define HPA380_I2C_PROBE	probe_new
#else
#define HPA380_I2C_PROBE	probe
#endif

/*
 * The maple tree register cache (6.4) is what new drivers use; before it,
 * rbtree. For this map they behave alike: regcache_sync() writes back the
 * same registers, a run of neighbours in one bus write with either (the
 * KUnit suite checks that traffic on both kernels).
 */
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 4, 0)
#define REGCACHE_MAPLE		REGCACHE_RBTREE
#endif

/* 6.7: as drivers/base/property.c implements it there. */
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 7, 0)
static inline int
device_property_match_property_string(struct device *dev, const char *propname,
				      const char * const *array, size_t n)
{
	const char *string;
	int ret;

	ret = device_property_read_string(dev, propname, &string);
	if (ret)
		return ret;
	ret = match_string(array, n, string);
	return ret < 0 ? -ENOENT : ret;
}
#endif

#endif /* HPA380_COMPAT_H */
