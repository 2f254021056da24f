/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The KUnit API the HPA380 suites use, for 6.1.y and 6.6.y: the suites are
 * written for 6.12, and each item below gives an older kernel what a later
 * release brought, keyed on the macro it defines where it is one, else on
 * that release. The definitions follow mainline's (lib/kunit/resource.c,
 * include/kunit/test.h), built on the resource API 6.1 has, so that actions
 * and allocations are still released together, in reverse order.
 */
#ifndef HPA380_TEST_COMPAT_H
#define HPA380_TEST_COMPAT_H

#include <kunit/resource.h>
#include <kunit/test.h>
#include <linux/device.h>
#include <linux/err.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/version.h>

#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 8, 0)
#include <kunit/device.h>
#endif

/* 6.5: functions called at the end of a test (deferred actions). */
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 5, 0)
typedef void (kunit_action_t)(void *);

struct hpa380_kunit_action {
	struct kunit_resource res;	/* first: freed with kfree(res) */
	kunit_action_t *func;
	void *ctx;
};

static inline void hpa380_kunit_action_free(struct kunit_resource *res)
{
	struct hpa380_kunit_action *action =
		container_of(res, struct hpa380_kunit_action, res);

	action->func(action->ctx);
}

static inline int kunit_add_action_or_reset(struct kunit *test,
					    kunit_action_t *func, void *ctx)
{
	struct hpa380_kunit_action *action;

	action = kzalloc(sizeof(*action), GFP_KERNEL);
	if (!action) {
		func(ctx);
		return -ENOMEM;
	}
	action->func = func;
	action->ctx = ctx;
	action->res.should_kfree = true;
	/* Without an init function this cannot fail. */
	__kunit_add_resource(test, NULL, hpa380_kunit_action_free,
			     &action->res, action);
	return 0;
}

static inline bool hpa380_kunit_action_match(struct kunit *test,
					     struct kunit_resource *res,
					     void *match_data)
{
	struct hpa380_kunit_action *want = match_data;
	struct hpa380_kunit_action *action =
		container_of(res, struct hpa380_kunit_action, res);

	return res->free == hpa380_kunit_action_free &&
	       action->func == want->func && action->ctx == want->ctx;
}

/* Run the action now, not at the end of the test. */
static inline void kunit_release_action(struct kunit *test,
					kunit_action_t *func, void *ctx)
{
	struct hpa380_kunit_action want = { .func = func, .ctx = ctx };
	struct kunit_resource *res;

	res = kunit_find_resource(test, hpa380_kunit_action_match, &want);
	if (res) {
		kunit_remove_resource(test, res);
		kunit_put_resource(res);
	}
}
#endif

/* 6.6: test attributes. Before, a slow case is an ordinary one. */
#ifndef KUNIT_CASE_SLOW
#define KUNIT_CASE_SLOW(test_name)	KUNIT_CASE(test_name)
#endif

/* 6.8: a case table's member as the parameter description. */
#ifndef KUNIT_ARRAY_PARAM_DESC
#define KUNIT_ARRAY_PARAM_DESC(name, array, desc_member)		\
	static void name##_desc(typeof(&(array)[0]) param, char *desc)	\
	{								\
		strscpy(desc, param->desc_member, KUNIT_PARAM_DESC_SIZE); \
	}								\
	KUNIT_ARRAY_PARAM(name, array, name##_desc)
#endif

/* 6.8: action wrappers. */
#ifndef KUNIT_DEFINE_ACTION_WRAPPER
#define KUNIT_DEFINE_ACTION_WRAPPER(wrapper, orig, arg_type)		\
	static void wrapper(void *in)					\
	{								\
		arg_type arg = in;					\
									\
		orig(arg);						\
	}
#endif

/* 6.8: devices that live as long as the test. */
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 8, 0)
static inline void hpa380_kunit_device_unregister(void *dev)
{
	root_device_unregister(dev);
}

/*
 * A root device without a driver stands in for 6.8's kunit bus device: the
 * driver core releases its devres when it is unregistered, as for those.
 * Root device names are global rather than per test: the callers' names
 * are unique.
 */
static inline struct device *kunit_device_register(struct kunit *test,
						   const char *name)
{
	struct device *dev = root_device_register(name);
	int ret;

	if (IS_ERR(dev))
		return dev;
	ret = kunit_add_action_or_reset(test, hpa380_kunit_device_unregister,
					dev);
	return ret ? ERR_PTR(ret) : dev;
}
#endif

#endif /* HPA380_TEST_COMPAT_H */
