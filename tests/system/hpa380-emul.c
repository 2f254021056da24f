// SPDX-License-Identifier: GPL-2.0-only
/*
 * The emulated HPA380 for a booted test system: the chip model on its fake
 * I2C adapter, its supplies and IRQN wired, and the "hpa380" I2C client the
 * driver binds to. Tests play the user's hands through debugfs, in
 * /sys/kernel/debug/hpa380-emul/:
 *
 *   plug       "se|bal LEFT_MOHM|open RIGHT_MOHM|open unbalanced|balanced"
 *   unplug     "se|bal"
 *   fault      "oc|ot|short [persistent]"
 *   fault_cause_gone  (any write)
 *   det_us     measurement time in microseconds, 0: never completes
 *   regs       the chip's registers, "0xNN 0xVV" per line
 *   counters   "pops N", "illegal N", "xfers N"
 */

#include <linux/debugfs.h>
#include <linux/i2c.h>
#include <linux/module.h>
#include <linux/platform_device.h>
#include <linux/seq_file.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "../model/hpa380-model.h"
#include "../model/hpa380-model-wiring.h"

#define HPA380_EMUL_ADDR	0x60
#define HPA380_EMUL_REGS	0x14

static bool irq = true;
module_param(irq, bool, 0444);
MODULE_PARM_DESC(irq, "wire IRQN to an interrupt (default: yes; no: the driver polls)");

static struct {
	struct hpa380_model *model;
	struct platform_device *board;	/* holds the wiring */
	struct i2c_client *client;
	struct dentry *dir;
	char devname[24];
} emul;

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

static ssize_t hpa380_emul_plug_write(struct file *file, const char __user *ubuf,
				      size_t len, loff_t *ppos)
{
	char buf[80], *p = buf, *w[4];
	enum hpa380_model_topology topology;
	enum hpa380_model_jack jack;
	u32 left, right;
	int i, ret;

	ret = hpa380_emul_command(ubuf, len, buf, sizeof(buf));
	if (ret)
		return ret;
	for (i = 0; i < ARRAY_SIZE(w); i++) {
		w[i] = strsep(&p, " \t");
		if (!w[i])
			return -EINVAL;
	}
	if (!strcmp(w[3], "unbalanced"))
		topology = HPA380_MODEL_LOAD_UNBALANCED;
	else if (!strcmp(w[3], "balanced"))
		topology = HPA380_MODEL_LOAD_BALANCED;
	else
		return -EINVAL;
	if (hpa380_emul_jack(w[0], &jack) || hpa380_emul_mohm(w[1], &left) ||
	    hpa380_emul_mohm(w[2], &right))
		return -EINVAL;

	hpa380_model_plug(emul.model, jack, left, right, topology);
	return len;
}

static ssize_t hpa380_emul_unplug_write(struct file *file,
					const char __user *ubuf, size_t len,
					loff_t *ppos)
{
	enum hpa380_model_jack jack;
	char buf[8];
	int ret;

	ret = hpa380_emul_command(ubuf, len, buf, sizeof(buf));
	if (ret)
		return ret;
	if (hpa380_emul_jack(buf, &jack))
		return -EINVAL;
	hpa380_model_unplug(emul.model, jack);
	return len;
}

static ssize_t hpa380_emul_fault_write(struct file *file, const char __user *ubuf,
				       size_t len, loff_t *ppos)
{
	char buf[32], *p = buf, *kind, *persistent;
	u8 bits;
	int ret;

	ret = hpa380_emul_command(ubuf, len, buf, sizeof(buf));
	if (ret)
		return ret;
	kind = strsep(&p, " \t");
	persistent = strsep(&p, " \t");
	if (!strcmp(kind, "oc"))
		bits = BIT(0);
	else if (!strcmp(kind, "ot"))
		bits = BIT(1);
	else if (!strcmp(kind, "short"))
		bits = BIT(2);
	else
		return -EINVAL;
	if (persistent && strcmp(persistent, "persistent"))
		return -EINVAL;
	hpa380_model_inject_fault(emul.model, bits, persistent);
	return len;
}

static ssize_t hpa380_emul_cause_gone_write(struct file *file,
					    const char __user *ubuf, size_t len,
					    loff_t *ppos)
{
	hpa380_model_remove_fault_cause(emul.model);
	return len;
}

static int hpa380_emul_det_us_get(void *data, u64 *val)
{
	struct hpa380_model_timing t;

	hpa380_model_get_timing(emul.model, &t);
	*val = t.det_us;
	return 0;
}

static int hpa380_emul_det_us_set(void *data, u64 val)
{
	struct hpa380_model_timing t;

	if (val > U32_MAX)
		return -EINVAL;
	hpa380_model_get_timing(emul.model, &t);
	t.det_us = val;
	hpa380_model_set_timing(emul.model, &t);
	return 0;
}

DEFINE_DEBUGFS_ATTRIBUTE(hpa380_emul_det_us_fops, hpa380_emul_det_us_get,
			 hpa380_emul_det_us_set, "%llu\n");

static int hpa380_emul_regs_show(struct seq_file *s, void *unused)
{
	unsigned int reg;

	for (reg = 0; reg < HPA380_EMUL_REGS; reg++)
		seq_printf(s, "0x%02x 0x%02x\n", reg,
			   hpa380_model_peek(emul.model, reg));
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(hpa380_emul_regs);

static int hpa380_emul_counters_show(struct seq_file *s, void *unused)
{
	seq_printf(s, "pops %u\nillegal %u\nxfers %u\n",
		   hpa380_model_pops(emul.model),
		   hpa380_model_illegal(emul.model),
		   hpa380_model_xfer_count(emul.model));
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(hpa380_emul_counters);

#define HPA380_EMUL_WO_FOPS(name)					\
static const struct file_operations hpa380_emul_##name##_fops = {	\
	.owner = THIS_MODULE,						\
	.write = hpa380_emul_##name##_write,				\
}

HPA380_EMUL_WO_FOPS(plug);
HPA380_EMUL_WO_FOPS(unplug);
HPA380_EMUL_WO_FOPS(fault);
HPA380_EMUL_WO_FOPS(cause_gone);

static void hpa380_emul_debugfs(void)
{
	emul.dir = debugfs_create_dir("hpa380-emul", NULL);
	debugfs_create_file("plug", 0200, emul.dir, NULL, &hpa380_emul_plug_fops);
	debugfs_create_file("unplug", 0200, emul.dir, NULL,
			    &hpa380_emul_unplug_fops);
	debugfs_create_file("fault", 0200, emul.dir, NULL,
			    &hpa380_emul_fault_fops);
	debugfs_create_file("fault_cause_gone", 0200, emul.dir, NULL,
			    &hpa380_emul_cause_gone_fops);
	debugfs_create_file_unsafe("det_us", 0600, emul.dir, NULL,
				   &hpa380_emul_det_us_fops);
	debugfs_create_file("regs", 0400, emul.dir, NULL,
			    &hpa380_emul_regs_fops);
	debugfs_create_file("counters", 0400, emul.dir, NULL,
			    &hpa380_emul_counters_fops);
}

static int __init hpa380_emul_init(void)
{
	struct i2c_board_info info = {
		I2C_BOARD_INFO("hpa380", HPA380_EMUL_ADDR),
	};
	struct hpa380_model_wiring *wiring;
	struct i2c_adapter *adapter;
	int ret;

	emul.model = hpa380_model_create(HPA380_EMUL_ADDR);
	if (!emul.model)
		return -ENOMEM;
	adapter = hpa380_model_adapter(emul.model);
	snprintf(emul.devname, sizeof(emul.devname), "%d-%04x",
		 i2c_adapter_id(adapter), HPA380_EMUL_ADDR);

	emul.board = platform_device_register_simple("hpa380-emul-board", -1,
						     NULL, 0);
	if (IS_ERR(emul.board)) {
		ret = PTR_ERR(emul.board);
		goto err_model;
	}
	wiring = hpa380_model_wire(&emul.board->dev, emul.model, emul.devname,
				   irq ? HPA380_WIRE_IRQ : 0);
	if (IS_ERR(wiring)) {
		ret = PTR_ERR(wiring);
		goto err_board;
	}
	info.irq = hpa380_model_wiring_irq(wiring);

	emul.client = i2c_new_client_device(adapter, &info);
	if (IS_ERR(emul.client)) {
		ret = PTR_ERR(emul.client);
		goto err_board;
	}
	hpa380_emul_debugfs();
	return 0;

err_board:
	platform_device_unregister(emul.board);
err_model:
	hpa380_model_destroy(emul.model);
	return ret;
}

/* The client (and the driver's use of supplies and IRQ) goes first. */
static void __exit hpa380_emul_exit(void)
{
	debugfs_remove_recursive(emul.dir);
	i2c_unregister_device(emul.client);
	platform_device_unregister(emul.board);
	hpa380_model_destroy(emul.model);
}

module_init(hpa380_emul_init);
module_exit(hpa380_emul_exit);

MODULE_DESCRIPTION("Emulated HPA380 on a fake I2C bus, for system tests");
MODULE_LICENSE("GPL");
