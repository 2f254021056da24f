// SPDX-License-Identifier: GPL-2.0-only
/*
 * The board the HPA380 KUnit tests run on. Everything is torn down by KUnit
 * actions in reverse order: card, client (driver unbind), supplies, model.
 */

#include <kunit/device.h>
#include <linux/interrupt.h>
#include <linux/irq_sim.h>
#include <linux/regmap.h>
#include <sound/control.h>

#include "hpa380-test-board.h"

#define HPA380_TEST_ADDR	0x60

KUNIT_DEFINE_ACTION_WRAPPER(hpa380_board_destroy_model, hpa380_model_destroy,
			    struct hpa380_model *);
KUNIT_DEFINE_ACTION_WRAPPER(hpa380_board_unregister_client,
			    i2c_unregister_device, struct i2c_client *);
KUNIT_DEFINE_ACTION_WRAPPER(hpa380_board_unregister_card,
			    snd_soc_unregister_card, struct snd_soc_card *);

/*
 * The chip is powered while both supplies are on. regulator_bulk_enable()
 * enables them in parallel: the lock keeps the pair consistent.
 */
static void hpa380_board_set_supply(struct hpa380_board_supply *s, bool on)
{
	struct hpa380_board *b = s->board;
	bool powered;

	mutex_lock(&b->power_lock);
	s->enabled = on;
	powered = hpa380_board_supplies_on(b);
	if (powered != b->powered) {
		b->powered = powered;
		hpa380_model_set_powered(b->model, powered);
	}
	mutex_unlock(&b->power_lock);
}

static int hpa380_board_supply_enable(struct regulator_dev *rdev)
{
	hpa380_board_set_supply(rdev_get_drvdata(rdev), true);
	return 0;
}

static int hpa380_board_supply_disable(struct regulator_dev *rdev)
{
	hpa380_board_set_supply(rdev_get_drvdata(rdev), false);
	return 0;
}

static int hpa380_board_supply_is_enabled(struct regulator_dev *rdev)
{
	struct hpa380_board_supply *s = rdev_get_drvdata(rdev);

	return s->enabled;
}

static const struct regulator_ops hpa380_board_supply_ops = {
	.enable = hpa380_board_supply_enable,
	.disable = hpa380_board_supply_disable,
	.is_enabled = hpa380_board_supply_is_enabled,
};

static void hpa380_board_add_supply(struct hpa380_board *b, int i,
				    const char *name, const char *consumer)
{
	struct hpa380_board_supply *s = &b->supply[i];
	struct regulator_config config = {};

	s->board = b;
	s->desc.name = name;
	s->desc.type = REGULATOR_VOLTAGE;
	s->desc.owner = THIS_MODULE;
	s->desc.ops = &hpa380_board_supply_ops;
	s->consumer.supply = name;
	s->consumer.dev_name = consumer;
	s->init.constraints.valid_ops_mask = REGULATOR_CHANGE_STATUS;
	s->init.consumer_supplies = &s->consumer;
	s->init.num_consumer_supplies = 1;

	config.dev = b->supply_dev;
	config.init_data = &s->init;
	config.driver_data = s;
	s->rdev = devm_regulator_register(b->supply_dev, &s->desc, &config);
	KUNIT_ASSERT_FALSE(b->test, IS_ERR(s->rdev));
}

/*
 * IRQN is a level output, but the simulated interrupt only fires on a
 * pend, and drops one while the line is masked: keep pending while the
 * model holds IRQN asserted, as a level-sensitive controller would.
 */
#define HPA380_BOARD_KICK_MS	2

static void hpa380_board_irqn(void *data, bool asserted)
{
	struct hpa380_board *b = data;

	if (!asserted)
		return;
	irq_set_irqchip_state(b->irq, IRQCHIP_STATE_PENDING, true);
	mod_delayed_work(system_wq, &b->irq_kick,
			 msecs_to_jiffies(HPA380_BOARD_KICK_MS));
}

static void hpa380_board_irq_kick(struct work_struct *work)
{
	struct hpa380_board *b = container_of(to_delayed_work(work),
					      struct hpa380_board, irq_kick);

	if (hpa380_model_irq_asserted(b->model))
		hpa380_board_irqn(b, true);
}

static void hpa380_board_unwire_irq(void *data)
{
	struct hpa380_board *b = data;

	hpa380_model_set_irq_callback(b->model, NULL, NULL);
	cancel_delayed_work_sync(&b->irq_kick);
}

static void hpa380_board_wire_irq(struct hpa380_board *b)
{
	struct kunit *test = b->test;
	struct irq_domain *domain;

	domain = devm_irq_domain_create_sim(b->supply_dev, NULL, 1);
	KUNIT_ASSERT_FALSE(test, IS_ERR(domain));
	b->irq = irq_create_mapping(domain, 0);
	KUNIT_ASSERT_GT(test, b->irq, 0);
	INIT_DELAYED_WORK(&b->irq_kick, hpa380_board_irq_kick);
	hpa380_model_set_irq_callback(b->model, hpa380_board_irqn, b);
	KUNIT_ASSERT_EQ(test, 0,
			kunit_add_action_or_reset(test, hpa380_board_unwire_irq,
						  b));
}

bool hpa380_board_supplies_on(struct hpa380_board *b)
{
	return b->supply[0].enabled && b->supply[1].enabled;
}

struct hpa380_board *hpa380_board_create(struct kunit *test,
					 const struct hpa380_board_opts *opts)
{
	static const struct hpa380_board_opts defaults;
	struct i2c_board_info info = {
		I2C_BOARD_INFO("hpa380", HPA380_TEST_ADDR),
	};
	struct software_node *node;
	struct i2c_adapter *adapter;
	struct hpa380_board *b;

	if (!opts)
		opts = &defaults;

	b = kunit_kzalloc(test, sizeof(*b), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, b);
	b->test = test;
	mutex_init(&b->power_lock);

	b->model = hpa380_model_create(HPA380_TEST_ADDR);
	KUNIT_ASSERT_NOT_NULL(test, b->model);
	KUNIT_ASSERT_EQ(test, 0,
			kunit_add_action_or_reset(test, hpa380_board_destroy_model,
						  b->model));
	hpa380_model_set_powered(b->model, false);
	if (opts->chip_id)
		hpa380_model_set_chip_id(b->model, opts->chip_id);

	adapter = hpa380_model_adapter(b->model);
	snprintf(b->devname, sizeof(b->devname), "%d-%04x",
		 i2c_adapter_id(adapter), HPA380_TEST_ADDR);

	/* kunit device names must be unique within a test */
	snprintf(b->supply_name, sizeof(b->supply_name), "hpa380-supplies-%s",
		 b->devname);
	b->supply_dev = kunit_device_register(test, b->supply_name);
	KUNIT_ASSERT_FALSE(test, IS_ERR(b->supply_dev));
	hpa380_board_add_supply(b, 0, "avdd", b->devname);
	if (!opts->no_dvdd)
		hpa380_board_add_supply(b, 1, "dvdd", b->devname);

	if (opts->irq) {
		hpa380_board_wire_irq(b);
		info.irq = b->irq;
	}

	if (opts->props) {
		node = kunit_kzalloc(test, sizeof(*node), GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, node);
		node->properties = opts->props;
		info.swnode = node;
	}

	hpa380_model_log_clear(b->model);
	hpa380_model_clear_counters(b->model);
	if (opts->fail_xfer)
		hpa380_model_fail_xfer(b->model, opts->fail_xfer, -EIO);

	b->client = i2c_new_client_device(adapter, &info);
	KUNIT_ASSERT_FALSE(test, IS_ERR(b->client));
	KUNIT_ASSERT_EQ(test, 0,
			kunit_add_action_or_reset(test, hpa380_board_unregister_client,
						  b->client));
	return b;
}

bool hpa380_board_bound(struct hpa380_board *b)
{
	return b->client->dev.driver;
}

static const struct snd_soc_dapm_widget hpa380_board_widgets[] = {
	SND_SOC_DAPM_SIGGEN("Player"),
	SND_SOC_DAPM_HP("Headphone", NULL),
	SND_SOC_DAPM_HP("Balanced Headphone", NULL),
};

/* As the DAC HAT wires it: TRS on the plus stages, 4.4 mm on all four. */
static const struct snd_soc_dapm_route hpa380_board_routes[] = {
	{ "INL", NULL, "Player" },
	{ "INR", NULL, "Player" },
	{ "Headphone", NULL, "HPLP" },
	{ "Headphone", NULL, "HPRP" },
	{ "Balanced Headphone", NULL, "HPLP" },
	{ "Balanced Headphone", NULL, "HPLN" },
	{ "Balanced Headphone", NULL, "HPRP" },
	{ "Balanced Headphone", NULL, "HPRN" },
};

void hpa380_board_add_card(struct hpa380_board *b)
{
	struct kunit *test = b->test;
	struct snd_soc_aux_dev *aux;
	struct snd_soc_card *card;

	KUNIT_ASSERT_TRUE(test, hpa380_board_bound(b));

	card = kunit_kzalloc(test, sizeof(*card), GFP_KERNEL);
	aux = kunit_kzalloc(test, sizeof(*aux), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, card);
	KUNIT_ASSERT_NOT_NULL(test, aux);

	/* ASoC names an I2C component "<driver>.<device>". */
	snprintf(b->component, sizeof(b->component), "hpa380.%s", b->devname);
	aux->dlc.name = b->component;
	card->name = "hpa380-test";
	card->owner = THIS_MODULE;
	snprintf(b->card_name, sizeof(b->card_name), "hpa380-card-%s",
		 b->devname);
	card->dev = kunit_device_register(test, b->card_name);
	KUNIT_ASSERT_FALSE(test, IS_ERR(card->dev));
	card->aux_dev = aux;
	card->num_aux_devs = 1;
	card->dapm_widgets = hpa380_board_widgets;
	card->num_dapm_widgets = ARRAY_SIZE(hpa380_board_widgets);
	card->dapm_routes = hpa380_board_routes;
	card->num_dapm_routes = ARRAY_SIZE(hpa380_board_routes);
	card->fully_routed = true;

	KUNIT_ASSERT_EQ(test, 0, snd_soc_register_card(card));
	KUNIT_ASSERT_EQ(test, 0,
			kunit_add_action_or_reset(test, hpa380_board_unregister_card,
						  card));
	b->card = card;
	hpa380_board_stop(b);
}

void hpa380_board_remove_card(struct hpa380_board *b)
{
	kunit_release_action(b->test, hpa380_board_unregister_card, b->card);
	b->card = NULL;
}

void hpa380_board_play(struct hpa380_board *b, const char *jack)
{
	struct snd_soc_dapm_context *dapm = &b->card->dapm;

	snd_soc_dapm_disable_pin(dapm, "Headphone");
	snd_soc_dapm_disable_pin(dapm, "Balanced Headphone");
	if (jack)
		snd_soc_dapm_enable_pin(dapm, jack);
	KUNIT_ASSERT_EQ(b->test, 0, snd_soc_dapm_sync(dapm));
}

void hpa380_board_stop(struct hpa380_board *b)
{
	hpa380_board_play(b, NULL);
}

struct snd_kcontrol *hpa380_board_kcontrol(struct hpa380_board *b,
					   const char *name)
{
	struct snd_kcontrol *kctl = snd_soc_card_get_kcontrol(b->card, name);

	KUNIT_ASSERT_NOT_NULL_MSG(b->test, kctl, "no control '%s'", name);
	return kctl;
}

static struct snd_ctl_elem_info *hpa380_board_info(struct hpa380_board *b,
						   struct snd_kcontrol *kctl)
{
	struct snd_ctl_elem_info *info;

	info = kunit_kzalloc(b->test, sizeof(*info), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(b->test, info);
	KUNIT_ASSERT_EQ(b->test, 0, kctl->info(kctl, info));
	return info;
}

int hpa380_board_put(struct hpa380_board *b, const char *name, long left,
		     long right)
{
	struct snd_kcontrol *kctl = hpa380_board_kcontrol(b, name);
	struct snd_ctl_elem_info *info = hpa380_board_info(b, kctl);
	struct snd_ctl_elem_value *val;

	val = kunit_kzalloc(b->test, sizeof(*val), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(b->test, val);
	if (info->type == SNDRV_CTL_ELEM_TYPE_ENUMERATED) {
		val->value.enumerated.item[0] = left;
	} else {
		val->value.integer.value[0] = left;
		val->value.integer.value[1] = right;
	}
	return kctl->put(kctl, val);
}

long hpa380_board_get(struct hpa380_board *b, const char *name,
		      unsigned int index)
{
	struct snd_kcontrol *kctl = hpa380_board_kcontrol(b, name);
	struct snd_ctl_elem_info *info = hpa380_board_info(b, kctl);
	struct snd_ctl_elem_value *val;

	val = kunit_kzalloc(b->test, sizeof(*val), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(b->test, val);
	KUNIT_ASSERT_EQ(b->test, 0, kctl->get(kctl, val));
	if (info->type == SNDRV_CTL_ELEM_TYPE_ENUMERATED)
		return val->value.enumerated.item[0];
	return val->value.integer.value[index];
}

void hpa380_board_expect_cache_matches_chip(struct hpa380_board *b)
{
	static const u8 cached[] = { POWER, OUT_EN, OUT_CFG, VOL_L, VOL_R,
				     MUTE, IRQ_MASK };
	struct regmap *regmap = dev_get_regmap(&b->client->dev, NULL);
	unsigned int i, val;

	KUNIT_ASSERT_NOT_NULL(b->test, regmap);
	for (i = 0; i < ARRAY_SIZE(cached); i++) {
		KUNIT_EXPECT_EQ(b->test, 0, regmap_read(regmap, cached[i], &val));
		KUNIT_EXPECT_EQ_MSG(b->test, val,
				    hpa380_model_peek(b->model, cached[i]),
				    "register 0x%02x", cached[i]);
	}
}

void hpa380_board_expect_burst(struct hpa380_board *b, unsigned int i, u8 reg,
			       const u8 *data, unsigned int len)
{
	const struct hpa380_model_xfer *x = hpa380_model_xfer(b->model, i);
	unsigned int j;

	KUNIT_ASSERT_NOT_NULL_MSG(b->test, x, "no transfer %u", i);
	KUNIT_EXPECT_FALSE_MSG(b->test, x->read, "transfer %u", i);
	KUNIT_EXPECT_EQ_MSG(b->test, x->reg, reg, "transfer %u", i);
	KUNIT_ASSERT_EQ_MSG(b->test, x->len, len, "transfer %u", i);
	for (j = 0; j < len; j++)
		KUNIT_EXPECT_EQ_MSG(b->test, x->data[j], data[j],
				    "transfer %u byte %u", i, j);
}

void hpa380_board_expect_write(struct hpa380_board *b, unsigned int i, u8 reg,
			       u8 val)
{
	hpa380_board_expect_burst(b, i, reg, &val, 1);
}

void hpa380_board_dump_log(struct hpa380_board *b)
{
	unsigned int i, n = hpa380_model_xfer_count(b->model);
	const struct hpa380_model_xfer *x;

	for (i = 0; i < n && (x = hpa380_model_xfer(b->model, i)); i++)
		kunit_info(b->test, "xfer %u: %s 0x%02x len %u [0x%02x] -> %d\n",
			   i, x->read ? "read" : "write", x->reg, x->len,
			   x->data[0], x->result);
}
