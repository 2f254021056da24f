// SPDX-License-Identifier: GPL-2.0-only
/*
 * The emulated DAC HAT for a booted test system (see hpa380-emul.h): the
 * module, the chip model it holds, and the tester's hands in debugfs,
 * /sys/kernel/debug/hpa380-emul/:
 *
 *   plug       "se|bal LEFT_MOHM|open RIGHT_MOHM|open unbalanced|balanced [MS]"
 *              (with MS, the plug comes out again MS milliseconds later,
 *              timed in the kernel: an unplug during what follows)
 *   unplug     "se|bal"
 *   fault      "oc|ot|short [persistent]"
 *   fault_cause_gone  (any write)
 *   det_us     measurement time in microseconds, 0: never completes
 *   regs       the chip's registers, "0xNN 0xVV" per line; writing
 *              "0xNN 0xVV" writes the chip's register as the bus would,
 *              behind the driver's back (misuse on purpose)
 *   counters   "pops N", "illegal N", "xfers N", "resets N"; any write
 *              clears pops and illegal
 *   supply     the chip's supply current integrated since the last write:
 *              "STATE MS" per state (bridged, outputs, reference, standby,
 *              reset, off), then "charge_uc N" and, of it, "load_uc N"
 *   analog     what a measurement rig finds at the load of each jack's
 *              channel since the last write (hpa380_model_level): one line
 *              each, "se|bal l|r blocks N rms UV min UV max UV clean UV
 *              peak UV clipped N limit_us N pops N step UV"
 *   pins, i2s-*  see hpa380-emul-gpio.c and hpa380-emul-i2s.c
 */

#include <linux/debugfs.h>
#include <linux/math64.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/seq_file.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/workqueue.h>

#include "../model/hpa380-model.h"
#include "hpa380-emul.h"

#define HPA380_EMUL_REGS	0x14

static DEFINE_MUTEX(hpa380_emul_mutex);
static struct hpa380_model *hpa380_emul_chip;
static struct dentry *hpa380_emul_dir;

/* A timed unplug (plug with MS). */
static enum hpa380_model_jack hpa380_emul_unplug_jack;
static void hpa380_emul_timed_unplug(struct work_struct *work);
static DECLARE_DELAYED_WORK(hpa380_emul_unplug_work, hpa380_emul_timed_unplug);

void hpa380_emul_lock(void)
{
	mutex_lock(&hpa380_emul_mutex);
}

void hpa380_emul_unlock(void)
{
	mutex_unlock(&hpa380_emul_mutex);
}

struct hpa380_model *hpa380_emul_model(void)
{
	lockdep_assert_held(&hpa380_emul_mutex);
	return hpa380_emul_chip;
}

void hpa380_emul_set_model(struct hpa380_model *m)
{
	hpa380_emul_lock();
	hpa380_emul_chip = m;
	hpa380_emul_gpio_model_changed(m);
	hpa380_emul_unlock();
}

struct dentry *hpa380_emul_debugfs(void)
{
	return hpa380_emul_dir;
}

/* Copy a short command from user space, without its newline. */
static int hpa380_emul_command(const char __user *ubuf, size_t len, char *buf,
			       size_t size)
{
	if (!len || len >= size)
		return -EINVAL;
	if (copy_from_user(buf, ubuf, len))
		return -EFAULT;
	buf[len] = '\0';
	strim(buf);
	return 0;
}

static int hpa380_emul_jack(const char *word, enum hpa380_model_jack *jack)
{
	if (!strcmp(word, "se"))
		*jack = HPA380_MODEL_JACK_SE;
	else if (!strcmp(word, "bal"))
		*jack = HPA380_MODEL_JACK_BAL;
	else
		return -EINVAL;
	return 0;
}

static int hpa380_emul_mohm(const char *word, u32 *mohm)
{
	if (!strcmp(word, "open")) {
		*mohm = U32_MAX;
		return 0;
	}
	return kstrtou32(word, 10, mohm);
}

/* What the tester does to the HAT, parsed from a debugfs write. */
struct hpa380_emul_action {
	enum { PLUG, UNPLUG, FAULT, CAUSE_GONE } what;
	enum hpa380_model_jack jack;
	u32 left, right;
	enum hpa380_model_topology topology;
	u8 fault_bits;
	bool persistent;
	unsigned int unplug_ms;		/* PLUG: 0, or unplug this much later */
};

static int hpa380_emul_parse_plug(char *p, struct hpa380_emul_action *a)
{
	char *w[4], *ms;
	int i;

	for (i = 0; i < ARRAY_SIZE(w); i++) {
		w[i] = strsep(&p, " \t");
		if (!w[i])
			return -EINVAL;
	}
	ms = strsep(&p, " \t");
	if (ms && (kstrtouint(ms, 10, &a->unplug_ms) || !a->unplug_ms))
		return -EINVAL;
	if (!strcmp(w[3], "unbalanced"))
		a->topology = HPA380_MODEL_LOAD_UNBALANCED;
	else if (!strcmp(w[3], "balanced"))
		a->topology = HPA380_MODEL_LOAD_BALANCED;
	else
		return -EINVAL;
	if (hpa380_emul_jack(w[0], &a->jack) || hpa380_emul_mohm(w[1], &a->left) ||
	    hpa380_emul_mohm(w[2], &a->right))
		return -EINVAL;
	return 0;
}

static int hpa380_emul_parse_fault(char *p, struct hpa380_emul_action *a)
{
	char *kind = strsep(&p, " \t"), *persistent = strsep(&p, " \t");

	if (!strcmp(kind, "oc"))
		a->fault_bits = BIT(0);
	else if (!strcmp(kind, "ot"))
		a->fault_bits = BIT(1);
	else if (!strcmp(kind, "short"))
		a->fault_bits = BIT(2);
	else
		return -EINVAL;
	if (persistent && strcmp(persistent, "persistent"))
		return -EINVAL;
	a->persistent = persistent;
	return 0;
}

static void hpa380_emul_act(struct hpa380_model *m,
			    const struct hpa380_emul_action *a)
{
	switch (a->what) {
	case PLUG:
		hpa380_model_plug(m, a->jack, a->left, a->right, a->topology);
		if (a->unplug_ms) {
			hpa380_emul_unplug_jack = a->jack;
			mod_delayed_work(system_wq, &hpa380_emul_unplug_work,
					 msecs_to_jiffies(a->unplug_ms));
		}
		break;
	case UNPLUG:
		hpa380_model_unplug(m, a->jack);
		break;
	case FAULT:
		hpa380_model_inject_fault(m, a->fault_bits, a->persistent);
		break;
	case CAUSE_GONE:
		hpa380_model_remove_fault_cause(m);
		break;
	}
}

static void hpa380_emul_timed_unplug(struct work_struct *work)
{
	guard(mutex)(&hpa380_emul_mutex);
	if (hpa380_emul_chip)
		hpa380_model_unplug(hpa380_emul_chip, hpa380_emul_unplug_jack);
}

/* The debugfs files that act: private data says which action. */
static ssize_t hpa380_emul_action_write(struct file *file,
					const char __user *ubuf, size_t len,
					loff_t *ppos)
{
	struct hpa380_emul_action a = {
		.what = (uintptr_t)file_inode(file)->i_private,
	};
	char buf[80];
	int ret;

	ret = hpa380_emul_command(ubuf, len, buf, sizeof(buf));
	if (ret)
		return ret;
	if (a.what == PLUG)
		ret = hpa380_emul_parse_plug(buf, &a);
	else if (a.what == UNPLUG)
		ret = hpa380_emul_jack(buf, &a.jack);
	else if (a.what == FAULT)
		ret = hpa380_emul_parse_fault(buf, &a);
	if (ret)
		return -EINVAL;

	hpa380_emul_lock();
	if (hpa380_emul_chip)
		hpa380_emul_act(hpa380_emul_chip, &a);
	else
		ret = -ENODEV;
	hpa380_emul_unlock();
	return ret ?: len;
}

static const struct file_operations hpa380_emul_action_fops = {
	.owner = THIS_MODULE,
	.write = hpa380_emul_action_write,
};

static int hpa380_emul_det_us_get(void *data, u64 *val)
{
	struct hpa380_model_timing t;
	int ret = 0;

	hpa380_emul_lock();
	if (hpa380_emul_chip) {
		hpa380_model_get_timing(hpa380_emul_chip, &t);
		*val = t.det_us;
	} else {
		ret = -ENODEV;
	}
	hpa380_emul_unlock();
	return ret;
}

static int hpa380_emul_det_us_set(void *data, u64 val)
{
	struct hpa380_model_timing t;
	int ret = 0;

	if (val > U32_MAX)
		return -EINVAL;
	hpa380_emul_lock();
	if (hpa380_emul_chip) {
		hpa380_model_get_timing(hpa380_emul_chip, &t);
		t.det_us = val;
		hpa380_model_set_timing(hpa380_emul_chip, &t);
	} else {
		ret = -ENODEV;
	}
	hpa380_emul_unlock();
	return ret;
}

DEFINE_DEBUGFS_ATTRIBUTE(hpa380_emul_det_us_fops, hpa380_emul_det_us_get,
			 hpa380_emul_det_us_set, "%llu\n");

static int hpa380_emul_regs_show(struct seq_file *s, void *unused)
{
	unsigned int reg;

	guard(mutex)(&hpa380_emul_mutex);
	if (!hpa380_emul_chip)
		return -ENODEV;
	for (reg = 0; reg < HPA380_EMUL_REGS; reg++)
		seq_printf(s, "0x%02x 0x%02x\n", reg,
			   hpa380_model_peek(hpa380_emul_chip, reg));
	return 0;
}

/* "0xNN 0xVV": the tester writes a register. */
static ssize_t hpa380_emul_regs_write(struct file *file,
				      const char __user *ubuf, size_t len,
				      loff_t *ppos)
{
	char buf[32], *p = buf, *reg;
	u8 r, v;
	int ret;

	ret = hpa380_emul_command(ubuf, len, buf, sizeof(buf));
	if (ret)
		return ret;
	reg = strsep(&p, " \t");
	if (!p || kstrtou8(reg, 0, &r) || kstrtou8(strim(p), 0, &v))
		return -EINVAL;
	guard(mutex)(&hpa380_emul_mutex);
	if (!hpa380_emul_chip)
		return -ENODEV;
	hpa380_model_poke(hpa380_emul_chip, r, v);
	return len;
}

/* The files that show a table and take a write: open, and the write's op. */
#define HPA380_EMUL_RW_FILE(name)					\
static int hpa380_emul_##name##_open(struct inode *inode, struct file *file) \
{									\
	return single_open(file, hpa380_emul_##name##_show, NULL);	\
}									\
static const struct file_operations hpa380_emul_##name##_fops = {	\
	.owner = THIS_MODULE,						\
	.open = hpa380_emul_##name##_open,				\
	.read = seq_read,						\
	.write = hpa380_emul_##name##_write,				\
	.llseek = seq_lseek,						\
	.release = single_release,					\
}

HPA380_EMUL_RW_FILE(regs);

static int hpa380_emul_counters_show(struct seq_file *s, void *unused)
{
	struct hpa380_model *m;

	guard(mutex)(&hpa380_emul_mutex);
	m = hpa380_emul_chip;
	if (!m)
		return -ENODEV;
	seq_printf(s, "pops %u\nillegal %u\nxfers %u\nresets %u\n",
		   hpa380_model_pops(m), hpa380_model_illegal(m),
		   hpa380_model_xfer_count(m), hpa380_model_resets(m));
	return 0;
}

/* Any write clears pops and illegal (after misuse on purpose). */
static ssize_t hpa380_emul_counters_write(struct file *file,
					  const char __user *ubuf, size_t len,
					  loff_t *ppos)
{
	guard(mutex)(&hpa380_emul_mutex);
	if (!hpa380_emul_chip)
		return -ENODEV;
	hpa380_model_clear_counters(hpa380_emul_chip);
	return len;
}

HPA380_EMUL_RW_FILE(counters);

static int hpa380_emul_analog_show(struct seq_file *s, void *unused)
{
	static const char * const jacks[] = { "se", "bal" };
	struct hpa380_model_level l;
	unsigned int j, ch;

	guard(mutex)(&hpa380_emul_mutex);
	if (!hpa380_emul_chip)
		return -ENODEV;
	for (j = 0; j < HPA380_MODEL_JACK_COUNT; j++) {
		for (ch = 0; ch < 2; ch++) {
			hpa380_model_get_level(hpa380_emul_chip, j, ch, &l);
			seq_printf(s, "%s %c blocks %llu rms %u min %u max %u clean %u peak %u clipped %llu limit_us %llu pops %u step %u\n",
				   jacks[j], ch ? 'r' : 'l', l.blocks, l.rms_uv,
				   l.min_rms_uv, l.max_rms_uv, l.max_clean_rms_uv,
				   l.peak_uv, l.clipped,
				   div_u64(l.limit_ns, NSEC_PER_USEC), l.pops,
				   l.max_step_uv);
		}
	}
	return 0;
}

/* Any write starts a new measurement. */
static ssize_t hpa380_emul_analog_write(struct file *file,
					const char __user *ubuf, size_t len,
					loff_t *ppos)
{
	guard(mutex)(&hpa380_emul_mutex);
	if (!hpa380_emul_chip)
		return -ENODEV;
	hpa380_model_clear_levels(hpa380_emul_chip);
	return len;
}

HPA380_EMUL_RW_FILE(analog);

static const char * const hpa380_emul_supply_names[HPA380_SUPPLY_STATES] = {
	"bridged", "outputs", "reference", "standby", "reset", "off",
};

static int hpa380_emul_supply_show(struct seq_file *s, void *unused)
{
	struct hpa380_model_charge sup;
	int i;

	scoped_guard(mutex, &hpa380_emul_mutex) {
		if (!hpa380_emul_chip)
			return -ENODEV;
		hpa380_model_get_charge(hpa380_emul_chip, &sup);
	}
	for (i = 0; i < HPA380_SUPPLY_STATES; i++)
		seq_printf(s, "%s %llu\n", hpa380_emul_supply_names[i],
			   div_u64(sup.ns[i], NSEC_PER_MSEC));
	seq_printf(s, "charge_uc %llu\nload_uc %llu\n", div_u64(sup.nc, 1000),
		   div_u64(sup.load_nc, 1000));
	return 0;
}

/* Any write starts a new account. */
static ssize_t hpa380_emul_supply_write(struct file *file,
					const char __user *ubuf, size_t len,
					loff_t *ppos)
{
	guard(mutex)(&hpa380_emul_mutex);
	if (!hpa380_emul_chip)
		return -ENODEV;
	hpa380_model_clear_charge(hpa380_emul_chip);
	return len;
}

HPA380_EMUL_RW_FILE(supply);

static void hpa380_emul_add_files(void)
{
	static const struct {
		const char *name;
		uintptr_t what;
	} actions[] = {
		{ "plug", PLUG }, { "unplug", UNPLUG }, { "fault", FAULT },
		{ "fault_cause_gone", CAUSE_GONE },
	};
	int i;

	hpa380_emul_dir = debugfs_create_dir("hpa380-emul", NULL);
	for (i = 0; i < ARRAY_SIZE(actions); i++)
		debugfs_create_file(actions[i].name, 0200, hpa380_emul_dir,
				    (void *)actions[i].what,
				    &hpa380_emul_action_fops);
	debugfs_create_file_unsafe("det_us", 0600, hpa380_emul_dir, NULL,
				   &hpa380_emul_det_us_fops);
	debugfs_create_file("regs", 0600, hpa380_emul_dir, NULL,
			    &hpa380_emul_regs_fops);
	debugfs_create_file("counters", 0600, hpa380_emul_dir, NULL,
			    &hpa380_emul_counters_fops);
	debugfs_create_file("supply", 0600, hpa380_emul_dir, NULL,
			    &hpa380_emul_supply_fops);
	debugfs_create_file("analog", 0600, hpa380_emul_dir, NULL,
			    &hpa380_emul_analog_fops);
}

static struct platform_driver * const hpa380_emul_drivers[] = {
	&hpa380_emul_gpio_driver,
	&hpa380_emul_i2s_driver,
	&hpa380_emul_i2c_driver,
};

static int __init hpa380_emul_init(void)
{
	int ret;

	hpa380_emul_add_files();
	ret = platform_register_drivers(hpa380_emul_drivers,
					ARRAY_SIZE(hpa380_emul_drivers));
	if (ret)
		debugfs_remove_recursive(hpa380_emul_dir);
	return ret;
}

/*
 * The I2C bus goes first (unregistered in reverse): its client, the
 * amplifier, releases the GPIO controller's lines before that goes.
 */
static void __exit hpa380_emul_exit(void)
{
	platform_unregister_drivers(hpa380_emul_drivers,
				    ARRAY_SIZE(hpa380_emul_drivers));
	cancel_delayed_work_sync(&hpa380_emul_unplug_work);
	debugfs_remove_recursive(hpa380_emul_dir);
}

module_init(hpa380_emul_init);
module_exit(hpa380_emul_exit);

MODULE_DESCRIPTION("Emulated HPA380 DAC HAT and the Pi blocks it uses, for system tests");
MODULE_LICENSE("GPL");
