/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * HPA380: the differences between the kernels the driver supports, 6.1.y
 * (from 6.1.98), 6.6.y, 6.12.y and 6.18.y. The driver is written for current
 * mainline; each item below gives an older kernel the mainline name it
 * lacks, keyed on the mainline release that brought it (or, where the item
 * is a macro, on the macro itself). For mainline submission, drop this file
 * and write .probe for HPA380_I2C_PROBE.
 */
#ifndef HPA380_COMPAT_H
#define HPA380_COMPAT_H

#include <linux/device.h>
#include <linux/mutex.h>
#include <linux/property.h>
#include <linux/string.h>
#include <linux/version.h>

/*
 * Used as it is, no stand-in: scope-based locking (guard(), scoped_guard(),
 * <linux/cleanup.h>: 6.5; 6.1.y from 6.1.79). A kernel without it is
 * refused here rather than by a compiler error further down.
 */
#ifndef guard
#error "snd-soc-hpa380 needs scope-based guards (<linux/cleanup.h>): Linux 6.1.98 or later"
#endif

/*
 * devm_mutex_init() (6.10) came to 6.6.y in 6.6.39 and to 6.1.y in 6.1.98.
 * Before, what mainline's does (<linux/mutex.h>, kernel/locking/mutex-debug.c):
 * a macro, so that mutex_init() runs at the caller's site and lockdep gives
 * each mutex its own class, and a devm action that destroys the mutex when
 * the device goes, or at once when the action cannot be added. (Mainline
 * adds the action only with CONFIG_DEBUG_MUTEXES, where mutex_destroy() is
 * not empty; adding it always costs a devres entry and nothing else.)
 */
#ifndef devm_mutex_init
static inline void hpa380_devm_mutex_release(void *lock)
{
	mutex_destroy(lock);
}

#define devm_mutex_init(dev, lock)					\
({									\
	typeof(lock) lock_ = (lock);					\
									\
	mutex_init(lock_);						\
	devm_add_action_or_reset(dev, hpa380_devm_mutex_release, lock_); \
})
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

/*
 * 6.18 renamed the DAPM kcontrol helpers to snd_soc_dapm_kcontrol_to_dapm()
 * and snd_soc_dapm_kcontrol_to_component(), keeping the old names as
 * aliases to be removed. Before 6.18 the old names are functions and the
 * new ones do not exist: no macro tells the two apart (the aliases go
 * away later), hence the version test. (6.19 removed
 * snd_soc_kcontrol_component(): the driver uses what it returned, the
 * control's snd_kcontrol_chip(), which every kernel has.)
 */
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 18, 0)
#define snd_soc_dapm_kcontrol_to_dapm		snd_soc_dapm_kcontrol_dapm
#define snd_soc_dapm_kcontrol_to_component	snd_soc_dapm_kcontrol_component
#endif

#endif /* HPA380_COMPAT_H */
