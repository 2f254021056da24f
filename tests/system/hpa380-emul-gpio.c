// SPDX-License-Identifier: GPL-2.0-only
/*
 * The emulated Pi's GPIO block, the node labelled gpio in the test's base
 * tree: 54 lines, an interrupt controller on them and a pin controller that
 * takes BCM2835 pin configurations (brcm,pins, brcm,function, brcm,pull), as
 * the overlay writes them. The HAT wires two of the lines
 * ("hpamp,resetn-line", "hpamp,irqn-line"): the chip's RESETN, pulled up on
 * the HAT, and its open-drain IRQN, which reads low while asserted.
 *
 * debugfs: "pins" lists the configured pins ("27 input pull-up"), "lines"
 * the state of the two HAT lines and of the IRQN interrupt.
 */

#include <linux/debugfs.h>
#include <linux/gpio/driver.h>
#include <linux/interrupt.h>
#include <linux/irq.h>
#include <linux/mod_devicetable.h>
#include <linux/module.h>
#include <linux/of.h>
#include <linux/pinctrl/pinconf.h>
#include <linux/pinctrl/pinctrl.h>
#include <linux/platform_device.h>
#include <linux/property.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>

#include "../model/hpa380-model.h"
#include "hpa380-emul.h"

#define HPA380_EMUL_NGPIO	54

/* A pin configuration: what, in the upper half; its value, in the lower. */
#define HPA380_PINCONF(param, arg)	((unsigned long)(param) << 16 | (arg))
#define HPA380_PINCONF_PARAM(c)		((c) >> 16)
#define HPA380_PINCONF_ARG(c)		((c) & 0xffff)
enum { HPA380_PIN_FUNCTION = 1, HPA380_PIN_PULL };

/* brcm,function: the BCM2835 FSEL codes; brcm,pull: 0 none, 1 down, 2 up. */
static const char * const hpa380_emul_functions[8] = {
	"input", "output", "alt5", "alt4", "alt0", "alt1", "alt2", "alt3",
};

static const char * const hpa380_emul_pulls[3] = { "none", "pull-down", "pull-up" };

struct hpa380_emul_pin {
	bool configured;
	u8 function;
	u8 pull;
};

static struct hpa380_emul_gpio {
	struct device *dev;
	struct gpio_chip gc;
	struct pinctrl_desc desc;
	struct pinctrl_pin_desc pins[HPA380_EMUL_NGPIO];
	char names[HPA380_EMUL_NGPIO][8];
	u32 resetn_line;
	u32 irqn_line;
	struct hpa380_model *model;	/* under hpa380_emul_lock() */
	bool bound;

	struct mutex lock;		/* lines and pins */
	DECLARE_BITMAP(output, HPA380_EMUL_NGPIO);
	DECLARE_BITMAP(value, HPA380_EMUL_NGPIO);
	struct hpa380_emul_pin pin[HPA380_EMUL_NGPIO];

	spinlock_t irq_lock;		/* IRQN and its interrupt */
	bool irqn_asserted;
	bool irq_enabled;
	unsigned int irq_type;
	struct work_struct kick;
	struct dentry *pins_file, *lines_file;
} hpa380_emul_gpio;

/* ---- the HAT's RESETN line: pulled up unless driven ---- */

static bool hpa380_emul_resetn_level(struct hpa380_emul_gpio *g)
{
	u32 line = g->resetn_line;

	return !test_bit(line, g->output) || test_bit(line, g->value);
}

static void hpa380_emul_resetn_changed(struct hpa380_emul_gpio *g,
				       unsigned int line)
{
	if (line != g->resetn_line)
		return;
	hpa380_emul_lock();
	if (g->model) {
		guard(mutex)(&g->lock);
		hpa380_model_set_resetn(g->model, hpa380_emul_resetn_level(g));
	}
	hpa380_emul_unlock();
}

/* ---- GPIO ---- */

static int hpa380_emul_get_direction(struct gpio_chip *gc, unsigned int line)
{
	struct hpa380_emul_gpio *g = gpiochip_get_data(gc);

	guard(mutex)(&g->lock);
	return test_bit(line, g->output) ? GPIO_LINE_DIRECTION_OUT :
					   GPIO_LINE_DIRECTION_IN;
}

static int hpa380_emul_get(struct gpio_chip *gc, unsigned int line)
{
	struct hpa380_emul_gpio *g = gpiochip_get_data(gc);
	unsigned long flags;
	bool asserted;

	if (line == g->irqn_line) {
		spin_lock_irqsave(&g->irq_lock, flags);
		asserted = g->irqn_asserted;
		spin_unlock_irqrestore(&g->irq_lock, flags);
		return !asserted;
	}
	guard(mutex)(&g->lock);
	if (test_bit(line, g->output))
		return test_bit(line, g->value);
	/* An input reads its pull; RESETN has the HAT's pull-up. */
	return line == g->resetn_line || g->pin[line].pull == 2;
}

static void hpa380_emul_drive(struct hpa380_emul_gpio *g, unsigned int line,
			      int value, bool output)
{
	scoped_guard(mutex, &g->lock) {
		assign_bit(line, g->value, value);
		assign_bit(line, g->output, output);
	}
	hpa380_emul_resetn_changed(g, line);
}

static void hpa380_emul_set_line(struct gpio_chip *gc, unsigned int line,
				 int value)
{
	struct hpa380_emul_gpio *g = gpiochip_get_data(gc);
	bool output;

	scoped_guard(mutex, &g->lock)
		output = test_bit(line, g->output);
	hpa380_emul_drive(g, line, value, output);
}

#ifdef HPA380_GPIO_SET_INT	/* see Makefile */
static int hpa380_emul_set(struct gpio_chip *gc, unsigned int line, int value)
{
	hpa380_emul_set_line(gc, line, value);
	return 0;
}
#else
static void hpa380_emul_set(struct gpio_chip *gc, unsigned int line, int value)
{
	hpa380_emul_set_line(gc, line, value);
}
#endif

static int hpa380_emul_direction_input(struct gpio_chip *gc, unsigned int line)
{
	struct hpa380_emul_gpio *g = gpiochip_get_data(gc);

	hpa380_emul_drive(g, line, 0, false);
	return 0;
}

static int hpa380_emul_direction_output(struct gpio_chip *gc,
					unsigned int line, int value)
{
	hpa380_emul_drive(gpiochip_get_data(gc), line, value, true);
	return 0;
}

/* ---- interrupts: only IRQN ever fires ---- */

/* Whether the interrupt fires for IRQN now (@edge: it just changed). */
static bool hpa380_emul_irq_due(struct hpa380_emul_gpio *g, bool edge)
{
	bool low = g->irqn_asserted;

	lockdep_assert_held(&g->irq_lock);
	if (!g->irq_enabled)
		return false;
	switch (g->irq_type) {
	case IRQ_TYPE_LEVEL_LOW:
		return low;
	case IRQ_TYPE_LEVEL_HIGH:
		return !low;
	case IRQ_TYPE_EDGE_FALLING:
		return edge && low;
	case IRQ_TYPE_EDGE_RISING:
		return edge && !low;
	case IRQ_TYPE_EDGE_BOTH:
		return edge;
	default:
		return false;
	}
}

static void hpa380_emul_fire(struct hpa380_emul_gpio *g, bool edge)
{
	unsigned long flags;
	bool due;

	spin_lock_irqsave(&g->irq_lock, flags);
	due = hpa380_emul_irq_due(g, edge);
	spin_unlock_irqrestore(&g->irq_lock, flags);
	if (due)
		generic_handle_domain_irq_safe(g->gc.irq.domain, g->irqn_line);
}

/* The model's IRQN callback: any context. */
static void hpa380_emul_irqn(void *data, bool asserted)
{
	struct hpa380_emul_gpio *g = data;
	unsigned long flags;
	bool edge;

	spin_lock_irqsave(&g->irq_lock, flags);
	edge = g->irqn_asserted != asserted;
	g->irqn_asserted = asserted;
	spin_unlock_irqrestore(&g->irq_lock, flags);
	hpa380_emul_fire(g, edge);
}

/* A level still active when the line is unmasked fires again. */
static void hpa380_emul_kick(struct work_struct *work)
{
	hpa380_emul_fire(container_of(work, struct hpa380_emul_gpio, kick),
			 false);
}

static void hpa380_emul_irq_mask(struct irq_data *d)
{
	struct gpio_chip *gc = irq_data_get_irq_chip_data(d);
	struct hpa380_emul_gpio *g = gpiochip_get_data(gc);
	irq_hw_number_t hwirq = irqd_to_hwirq(d);
	unsigned long flags;

	if (hwirq == g->irqn_line) {
		spin_lock_irqsave(&g->irq_lock, flags);
		g->irq_enabled = false;
		spin_unlock_irqrestore(&g->irq_lock, flags);
	}
	gpiochip_disable_irq(gc, hwirq);
}

static void hpa380_emul_irq_unmask(struct irq_data *d)
{
	struct gpio_chip *gc = irq_data_get_irq_chip_data(d);
	struct hpa380_emul_gpio *g = gpiochip_get_data(gc);
	irq_hw_number_t hwirq = irqd_to_hwirq(d);
	unsigned long flags;

	gpiochip_enable_irq(gc, hwirq);
	if (hwirq != g->irqn_line)
		return;
	spin_lock_irqsave(&g->irq_lock, flags);
	g->irq_enabled = true;
	spin_unlock_irqrestore(&g->irq_lock, flags);
	schedule_work(&g->kick);
}

static int hpa380_emul_irq_set_type(struct irq_data *d, unsigned int type)
{
	struct gpio_chip *gc = irq_data_get_irq_chip_data(d);
	struct hpa380_emul_gpio *g = gpiochip_get_data(gc);
	unsigned long flags;

	if (!(type & IRQ_TYPE_SENSE_MASK))
		return -EINVAL;
	if (irqd_to_hwirq(d) == g->irqn_line) {
		spin_lock_irqsave(&g->irq_lock, flags);
		g->irq_type = type;
		spin_unlock_irqrestore(&g->irq_lock, flags);
	}
	irq_set_handler_locked(d, type & IRQ_TYPE_LEVEL_MASK ?
			       handle_level_irq : handle_edge_irq);
	return 0;
}

static const struct irq_chip hpa380_emul_irq_chip = {
	.name = "hpa380-emul-gpio",
	.irq_mask = hpa380_emul_irq_mask,
	.irq_unmask = hpa380_emul_irq_unmask,
	.irq_set_type = hpa380_emul_irq_set_type,
	.flags = IRQCHIP_IMMUTABLE,
	GPIOCHIP_IRQ_RESOURCE_HELPERS,
};

/* ---- pin control: each pin its own group ---- */

static int hpa380_emul_groups_count(struct pinctrl_dev *pctldev)
{
	return HPA380_EMUL_NGPIO;
}

static const char *hpa380_emul_group_name(struct pinctrl_dev *pctldev,
					  unsigned int group)
{
	return hpa380_emul_gpio.names[group];
}

static int hpa380_emul_group_pins(struct pinctrl_dev *pctldev,
				  unsigned int group, const unsigned int **pins,
				  unsigned int *num_pins)
{
	*pins = &hpa380_emul_gpio.pins[group].number;
	*num_pins = 1;
	return 0;
}

/* brcm,function and brcm,pull hold one value for all pins or one each. */
static int hpa380_emul_pin_value(struct device_node *np, const char *prop,
				 int n, int i, u32 *val)
{
	int count = of_property_count_u32_elems(np, prop);

	if (count == -EINVAL)
		return 0;		/* absent */
	if (count != 1 && count != n)
		return -EINVAL;
	return of_property_read_u32_index(np, prop, count == 1 ? 0 : i, val) ?: 1;
}

static void hpa380_emul_dt_free_map(struct pinctrl_dev *pctldev,
				    struct pinctrl_map *map, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		kfree(map[i].data.configs.configs);
	kfree(map);
}

static int hpa380_emul_dt_node_to_map(struct pinctrl_dev *pctldev,
				      struct device_node *np,
				      struct pinctrl_map **out,
				      unsigned int *num_maps)
{
	struct pinctrl_map *map;
	int n, i, ret = 0;
	u32 pin, val;

	n = of_property_count_u32_elems(np, "brcm,pins");
	if (n <= 0)
		return -EINVAL;
	map = kcalloc(n, sizeof(*map), GFP_KERNEL);
	if (!map)
		return -ENOMEM;

	for (i = 0; i < n && !ret; i++) {
		unsigned long *configs = kcalloc(2, sizeof(*configs), GFP_KERNEL);
		unsigned int c = 0;

		if (!configs) {
			ret = -ENOMEM;
			break;
		}
		map[i].type = PIN_MAP_TYPE_CONFIGS_PIN;
		map[i].data.configs.configs = configs;
		of_property_read_u32_index(np, "brcm,pins", i, &pin);
		if (pin >= HPA380_EMUL_NGPIO) {
			ret = -EINVAL;
			break;
		}
		map[i].data.configs.group_or_pin = hpa380_emul_gpio.names[pin];
		ret = hpa380_emul_pin_value(np, "brcm,function", n, i, &val);
		if (ret > 0 && val < ARRAY_SIZE(hpa380_emul_functions))
			configs[c++] = HPA380_PINCONF(HPA380_PIN_FUNCTION, val);
		else if (ret > 0)
			ret = -EINVAL;
		if (ret >= 0)
			ret = hpa380_emul_pin_value(np, "brcm,pull", n, i, &val);
		if (ret > 0 && val < ARRAY_SIZE(hpa380_emul_pulls))
			configs[c++] = HPA380_PINCONF(HPA380_PIN_PULL, val);
		else if (ret > 0)
			ret = -EINVAL;
		map[i].data.configs.num_configs = c;
		ret = ret < 0 ? ret : 0;
	}
	if (ret) {
		dev_err(hpa380_emul_gpio.dev, "%pOF: bad brcm,* pin configuration\n",
			np);
		hpa380_emul_dt_free_map(pctldev, map, n);
		return ret;
	}
	*out = map;
	*num_maps = n;
	return 0;
}

static const struct pinctrl_ops hpa380_emul_pctl_ops = {
	.get_groups_count = hpa380_emul_groups_count,
	.get_group_name = hpa380_emul_group_name,
	.get_group_pins = hpa380_emul_group_pins,
	.dt_node_to_map = hpa380_emul_dt_node_to_map,
	.dt_free_map = hpa380_emul_dt_free_map,
};

static int hpa380_emul_pin_config_get(struct pinctrl_dev *pctldev,
				      unsigned int pin, unsigned long *config)
{
	struct hpa380_emul_pin *p = &hpa380_emul_gpio.pin[pin];
	unsigned int param = HPA380_PINCONF_PARAM(*config);

	guard(mutex)(&hpa380_emul_gpio.lock);
	if (!p->configured)
		return -EINVAL;
	*config = HPA380_PINCONF(param, param == HPA380_PIN_PULL ? p->pull :
				 p->function);
	return 0;
}

static int hpa380_emul_pin_config_set(struct pinctrl_dev *pctldev,
				      unsigned int pin, unsigned long *configs,
				      unsigned int n)
{
	struct hpa380_emul_pin *p = &hpa380_emul_gpio.pin[pin];
	unsigned int i;

	guard(mutex)(&hpa380_emul_gpio.lock);
	for (i = 0; i < n; i++) {
		if (HPA380_PINCONF_PARAM(configs[i]) == HPA380_PIN_PULL)
			p->pull = HPA380_PINCONF_ARG(configs[i]);
		else
			p->function = HPA380_PINCONF_ARG(configs[i]);
	}
	p->configured = true;
	return 0;
}

static const struct pinconf_ops hpa380_emul_pinconf_ops = {
	.pin_config_get = hpa380_emul_pin_config_get,
	.pin_config_set = hpa380_emul_pin_config_set,
};

/* ---- the model ---- */

static void hpa380_emul_gpio_attach(struct hpa380_emul_gpio *g,
				    struct hpa380_model *m)
{
	unsigned long flags;
	bool asserted;

	if (g->model)
		hpa380_model_set_irq_callback(g->model, NULL, NULL);
	g->model = m;
	if (!m)
		return;
	scoped_guard(mutex, &g->lock)
		hpa380_model_set_resetn(m, hpa380_emul_resetn_level(g));
	asserted = hpa380_model_irq_asserted(m);
	spin_lock_irqsave(&g->irq_lock, flags);
	g->irqn_asserted = asserted;
	spin_unlock_irqrestore(&g->irq_lock, flags);
	hpa380_model_set_irq_callback(m, hpa380_emul_irqn, g);
	schedule_work(&g->kick);
}

/* Called with hpa380_emul_lock() held. */
void hpa380_emul_gpio_model_changed(struct hpa380_model *m)
{
	if (hpa380_emul_gpio.bound)
		hpa380_emul_gpio_attach(&hpa380_emul_gpio, m);
}

/* ---- debugfs ---- */

static int hpa380_emul_pins_show(struct seq_file *s, void *unused)
{
	struct hpa380_emul_gpio *g = s->private;
	int i;

	guard(mutex)(&g->lock);
	for (i = 0; i < HPA380_EMUL_NGPIO; i++)
		if (g->pin[i].configured)
			seq_printf(s, "%d %s %s\n", i,
				   hpa380_emul_functions[g->pin[i].function],
				   hpa380_emul_pulls[g->pin[i].pull]);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(hpa380_emul_pins);

static int hpa380_emul_lines_show(struct seq_file *s, void *unused)
{
	struct hpa380_emul_gpio *g = s->private;
	unsigned long flags;
	bool asserted, enabled;
	unsigned int type;

	scoped_guard(mutex, &g->lock)
		seq_printf(s, "resetn %u %s %d\n", g->resetn_line,
			   test_bit(g->resetn_line, g->output) ? "out" : "in",
			   hpa380_emul_resetn_level(g));
	spin_lock_irqsave(&g->irq_lock, flags);
	asserted = g->irqn_asserted;
	enabled = g->irq_enabled;
	type = g->irq_type;
	spin_unlock_irqrestore(&g->irq_lock, flags);
	seq_printf(s, "irqn %u %d irq-type %u %s\n", g->irqn_line, !asserted,
		   type, enabled ? "unmasked" : "masked");
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(hpa380_emul_lines);

/* ---- the device ---- */

static void hpa380_emul_gpio_unbind(void *data)
{
	struct hpa380_emul_gpio *g = data;

	debugfs_remove(g->pins_file);
	debugfs_remove(g->lines_file);
	hpa380_emul_lock();
	hpa380_emul_gpio_attach(g, NULL);
	g->bound = false;
	hpa380_emul_unlock();
	cancel_work_sync(&g->kick);
}

static int hpa380_emul_gpio_probe(struct platform_device *pdev)
{
	struct hpa380_emul_gpio *g = &hpa380_emul_gpio;
	struct device *dev = &pdev->dev;
	struct gpio_irq_chip *girq;
	struct pinctrl_dev *pctl;
	int i, ret;

	if (g->bound)
		return -EBUSY;
	memset(g, 0, sizeof(*g));
	g->dev = dev;
	ret = devm_mutex_init(dev, &g->lock);
	if (ret)
		return ret;
	spin_lock_init(&g->irq_lock);
	INIT_WORK(&g->kick, hpa380_emul_kick);
	g->resetn_line = 17;
	g->irqn_line = 27;
	device_property_read_u32(dev, "hpamp,resetn-line", &g->resetn_line);
	device_property_read_u32(dev, "hpamp,irqn-line", &g->irqn_line);
	if (g->resetn_line >= HPA380_EMUL_NGPIO ||
	    g->irqn_line >= HPA380_EMUL_NGPIO)
		return dev_err_probe(dev, -EINVAL, "HAT lines out of range\n");

	for (i = 0; i < HPA380_EMUL_NGPIO; i++) {
		snprintf(g->names[i], sizeof(g->names[i]), "gpio%d", i);
		g->pins[i].number = i;
		g->pins[i].name = g->names[i];
	}
	g->desc.name = dev_name(dev);
	g->desc.pins = g->pins;
	g->desc.npins = HPA380_EMUL_NGPIO;
	g->desc.pctlops = &hpa380_emul_pctl_ops;
	g->desc.confops = &hpa380_emul_pinconf_ops;
	g->desc.owner = THIS_MODULE;
	pctl = devm_pinctrl_register(dev, &g->desc, g);
	if (IS_ERR(pctl))
		return PTR_ERR(pctl);

	g->gc.label = dev_name(dev);
	g->gc.parent = dev;
	g->gc.owner = THIS_MODULE;
	g->gc.base = -1;
	g->gc.ngpio = HPA380_EMUL_NGPIO;
	g->gc.can_sleep = true;
	g->gc.get_direction = hpa380_emul_get_direction;
	g->gc.direction_input = hpa380_emul_direction_input;
	g->gc.direction_output = hpa380_emul_direction_output;
	g->gc.get = hpa380_emul_get;
	g->gc.set = hpa380_emul_set;
	girq = &g->gc.irq;
	gpio_irq_chip_set_chip(girq, &hpa380_emul_irq_chip);
	girq->default_type = IRQ_TYPE_NONE;
	girq->handler = handle_bad_irq;
	ret = devm_gpiochip_add_data(dev, &g->gc, g);
	if (ret)
		return ret;

	g->pins_file = debugfs_create_file("pins", 0400, hpa380_emul_debugfs(),
					   g, &hpa380_emul_pins_fops);
	g->lines_file = debugfs_create_file("lines", 0400,
					    hpa380_emul_debugfs(), g,
					    &hpa380_emul_lines_fops);
	hpa380_emul_lock();
	g->bound = true;
	hpa380_emul_gpio_attach(g, hpa380_emul_model());
	hpa380_emul_unlock();
	return devm_add_action_or_reset(dev, hpa380_emul_gpio_unbind, g);
}

static const struct of_device_id hpa380_emul_gpio_of_match[] = {
	{ .compatible = "hpamp,hpa380-emul-gpio" },
	{ }
};
MODULE_DEVICE_TABLE(of, hpa380_emul_gpio_of_match);

struct platform_driver hpa380_emul_gpio_driver = {
	.driver = {
		.name = "hpa380-emul-gpio",
		.of_match_table = hpa380_emul_gpio_of_match,
	},
	.probe = hpa380_emul_gpio_probe,
};
