// SPDX-License-Identifier: GPL-2.0-only
/*
 * Supplies and IRQN of the emulated HPA380 on the KUnit board (see
 * hpa380-test-wiring.h).
 */

#include <linux/device.h>
#include <linux/gpio/driver.h>
#include <linux/gpio/machine.h>
#include <linux/interrupt.h>
#include <linux/irq.h>
#include <linux/irqdesc.h>
#include <linux/irqdomain.h>
#include <linux/irq_sim.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/regulator/driver.h>
#include <linux/regulator/machine.h>
#include <linux/workqueue.h>

#include "../model/hpa380-model.h"
#include "hpa380-test-wiring.h"

/* While IRQN stays asserted, deliver it again this often (a level line). */
#define HPA380_WIRE_KICK_MS	2

struct hpa380_model_supply_reg {
	struct regulator_desc desc;
	struct regulator_init_data init;
	struct regulator_consumer_supply consumer;
	struct hpa380_model_wiring *w;
	bool enabled;
};

struct hpa380_model_wiring {
	struct hpa380_model *model;
	struct hpa380_model_supply_reg supply[HPA380_NUM_SUPPLIES];
	struct mutex lock;		/* supply[].enabled, powered */
	bool powered;
	int irq;
	struct delayed_work kick;
	struct gpio_chip resetn;
	char resetn_label[32];
	struct gpiod_lookup_table *lookup;
};

static const char * const hpa380_supply_names[HPA380_NUM_SUPPLIES] = {
	"avdd", "dvdd",
};

/* regulator_bulk_enable() enables both in parallel: keep the pair whole. */
static void hpa380_wire_set_supply(struct hpa380_model_supply_reg *s, bool on)
{
	struct hpa380_model_wiring *w = s->w;
	bool powered;

	mutex_lock(&w->lock);
	s->enabled = on;
	powered = w->supply[HPA380_AVDD].enabled && w->supply[HPA380_DVDD].enabled;
	if (powered != w->powered) {
		w->powered = powered;
		hpa380_model_set_powered(w->model, powered);
	}
	mutex_unlock(&w->lock);
}

static int hpa380_wire_enable(struct regulator_dev *rdev)
{
	hpa380_wire_set_supply(rdev_get_drvdata(rdev), true);
	return 0;
}

static int hpa380_wire_disable(struct regulator_dev *rdev)
{
	hpa380_wire_set_supply(rdev_get_drvdata(rdev), false);
	return 0;
}

static int hpa380_wire_is_enabled(struct regulator_dev *rdev)
{
	struct hpa380_model_supply_reg *s = rdev_get_drvdata(rdev);

	return s->enabled;
}

static const struct regulator_ops hpa380_wire_supply_ops = {
	.enable = hpa380_wire_enable,
	.disable = hpa380_wire_disable,
	.is_enabled = hpa380_wire_is_enabled,
};

static int hpa380_wire_supply(struct device *dev, struct hpa380_model_wiring *w,
			      enum hpa380_model_supply i, const char *consumer)
{
	struct hpa380_model_supply_reg *s = &w->supply[i];
	struct regulator_config config = {};
	struct regulator_dev *rdev;

	s->w = w;
	s->desc.name = hpa380_supply_names[i];
	s->desc.type = REGULATOR_VOLTAGE;
	s->desc.owner = THIS_MODULE;
	s->desc.ops = &hpa380_wire_supply_ops;
	s->consumer.supply = hpa380_supply_names[i];
	s->consumer.dev_name = consumer;
	s->init.constraints.valid_ops_mask = REGULATOR_CHANGE_STATUS;
	s->init.consumer_supplies = &s->consumer;
	s->init.num_consumer_supplies = 1;

	config.dev = dev;
	config.init_data = &s->init;
	config.driver_data = s;
	rdev = devm_regulator_register(dev, &s->desc, &config);
	return PTR_ERR_OR_ZERO(rdev);
}

/*
 * Deliver IRQN at once, as a GPIO controller's handler would, and again
 * while the model keeps it asserted, as a level-sensitive line does.
 */
static void hpa380_wire_irqn(void *data, bool asserted)
{
	struct hpa380_model_wiring *w = data;

	if (!asserted)
		return;
	generic_handle_irq_safe(w->irq);
	mod_delayed_work(system_wq, &w->kick,
			 msecs_to_jiffies(HPA380_WIRE_KICK_MS));
}

static void hpa380_wire_kick(struct work_struct *work)
{
	struct hpa380_model_wiring *w = container_of(to_delayed_work(work),
						     struct hpa380_model_wiring,
						     kick);

	if (hpa380_model_irq_asserted(w->model))
		hpa380_wire_irqn(w, true);
}

static void hpa380_wire_unwire_irq(void *data)
{
	struct hpa380_model_wiring *w = data;

	hpa380_model_set_irq_callback(w->model, NULL, NULL);
	cancel_delayed_work_sync(&w->kick);
	irq_dispose_mapping(w->irq);
}

static int hpa380_wire_irq(struct device *dev, struct hpa380_model_wiring *w)
{
	struct irq_domain *domain;

	domain = devm_irq_domain_create_sim(dev, NULL, 1);
	if (IS_ERR(domain))
		return PTR_ERR(domain);
	w->irq = irq_create_mapping(domain, 0);
	if (!w->irq)
		return -ENOSPC;
	INIT_DELAYED_WORK(&w->kick, hpa380_wire_kick);
	hpa380_model_set_irq_callback(w->model, hpa380_wire_irqn, w);
	/* Runs before the domain goes (devm releases in reverse). */
	return devm_add_action_or_reset(dev, hpa380_wire_unwire_irq, w);
}

/* ---- RESETN: one GPIO line, an output of the board ---- */

static int hpa380_wire_resetn_dir(struct gpio_chip *gc, unsigned int line)
{
	return GPIO_LINE_DIRECTION_OUT;
}

static void hpa380_wire_resetn_drive(struct gpio_chip *gc, int value)
{
	struct hpa380_model_wiring *w = gpiochip_get_data(gc);

	hpa380_model_set_resetn(w->model, value);
}

#ifdef HPA380_GPIO_SET_INT	/* see Makefile */
static int hpa380_wire_resetn_set(struct gpio_chip *gc, unsigned int line,
				  int value)
{
	hpa380_wire_resetn_drive(gc, value);
	return 0;
}
#else
static void hpa380_wire_resetn_set(struct gpio_chip *gc, unsigned int line,
				   int value)
{
	hpa380_wire_resetn_drive(gc, value);
}
#endif

static int hpa380_wire_resetn_out(struct gpio_chip *gc, unsigned int line,
				  int value)
{
	hpa380_wire_resetn_drive(gc, value);
	return 0;
}

static void hpa380_wire_unwire_resetn(void *data)
{
	gpiod_remove_lookup_table(data);
}

static int hpa380_wire_resetn(struct device *dev, struct hpa380_model_wiring *w,
			      const char *consumer)
{
	int ret;

	snprintf(w->resetn_label, sizeof(w->resetn_label), "hpa380-resetn-%s",
		 consumer);
	w->resetn.label = w->resetn_label;
	w->resetn.parent = dev;
	w->resetn.owner = THIS_MODULE;
	w->resetn.base = -1;
	w->resetn.ngpio = 1;
	w->resetn.can_sleep = true;
	w->resetn.get_direction = hpa380_wire_resetn_dir;
	w->resetn.direction_output = hpa380_wire_resetn_out;
	w->resetn.set = hpa380_wire_resetn_set;
	ret = devm_gpiochip_add_data(dev, &w->resetn, w);
	if (ret)
		return ret;

	w->lookup = devm_kzalloc(dev, struct_size(w->lookup, table, 2),
				 GFP_KERNEL);
	if (!w->lookup)
		return -ENOMEM;
	w->lookup->dev_id = consumer;
	w->lookup->table[0] = GPIO_LOOKUP(w->resetn_label, 0, "reset",
					  GPIO_ACTIVE_LOW);
	gpiod_add_lookup_table(w->lookup);
	return devm_add_action_or_reset(dev, hpa380_wire_unwire_resetn,
					w->lookup);
}

struct hpa380_model_wiring *hpa380_model_wire(struct device *dev,
					      struct hpa380_model *m,
					      const char *consumer,
					      unsigned int flags)
{
	struct hpa380_model_wiring *w;
	int ret;

	w = devm_kzalloc(dev, sizeof(*w), GFP_KERNEL);
	if (!w)
		return ERR_PTR(-ENOMEM);
	w->model = m;
	ret = devm_mutex_init(dev, &w->lock);
	if (ret)
		return ERR_PTR(ret);
	hpa380_model_set_powered(m, false);

	ret = hpa380_wire_supply(dev, w, HPA380_AVDD, consumer);
	if (!ret && !(flags & HPA380_WIRE_NO_DVDD))
		ret = hpa380_wire_supply(dev, w, HPA380_DVDD, consumer);
	if (!ret && (flags & HPA380_WIRE_IRQ))
		ret = hpa380_wire_irq(dev, w);
	if (!ret && (flags & HPA380_WIRE_RESET))
		ret = hpa380_wire_resetn(dev, w, consumer);
	return ret ? ERR_PTR(ret) : w;
}
EXPORT_SYMBOL_GPL(hpa380_model_wire);

int hpa380_model_wiring_irq(struct hpa380_model_wiring *w)
{
	return w->irq;
}
EXPORT_SYMBOL_GPL(hpa380_model_wiring_irq);

bool hpa380_model_wiring_supply_on(struct hpa380_model_wiring *w,
				   enum hpa380_model_supply supply)
{
	bool on;

	mutex_lock(&w->lock);
	on = w->supply[supply].enabled;
	mutex_unlock(&w->lock);
	return on;
}
EXPORT_SYMBOL_GPL(hpa380_model_wiring_supply_on);
