// SPDX-License-Identifier: GPL-2.0-only
/*
 * The board the HPA380 KUnit tests run on. Everything is torn down by KUnit
 * actions in reverse order: card, client (driver unbind), supplies, model.
 */

#include <linux/pm_runtime.h>
#include <linux/regmap.h>
#include <sound/control.h>

#include "hpa380-test-board.h"
/* The shipped overlay's jack widgets and routes, generated (Makefile). */
#include "hpa380-hat-dapm.h"

#define HPA380_TEST_ADDR	0x60

KUNIT_DEFINE_ACTION_WRAPPER(hpa380_board_destroy_model, hpa380_model_destroy,
			    struct hpa380_model *);
KUNIT_DEFINE_ACTION_WRAPPER(hpa380_board_unregister_client,
			    i2c_unregister_device, struct i2c_client *);
KUNIT_DEFINE_ACTION_WRAPPER(hpa380_board_unregister_card,
			    snd_soc_unregister_card, struct snd_soc_card *);

bool hpa380_board_supplies_on(struct hpa380_board *b)
{
	return hpa380_board_supply_on(b, HPA380_AVDD) &&
	       hpa380_board_supply_on(b, HPA380_DVDD);
}

bool hpa380_board_supply_on(struct hpa380_board *b,
			    enum hpa380_model_supply supply)
{
	return hpa380_model_wiring_supply_on(b->wiring, supply);
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

	b->model = hpa380_model_create(HPA380_TEST_ADDR);
	KUNIT_ASSERT_NOT_NULL(test, b->model);
	KUNIT_ASSERT_EQ(test, 0,
			kunit_add_action_or_reset(test, hpa380_board_destroy_model,
						  b->model));
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
	b->wiring = hpa380_model_wire(b->supply_dev, b->model, b->devname,
				      (opts->irq ? HPA380_WIRE_IRQ : 0) |
				      (opts->no_dvdd ? HPA380_WIRE_NO_DVDD : 0));
	KUNIT_ASSERT_FALSE(test, IS_ERR(b->wiring));
	info.irq = hpa380_model_wiring_irq(b->wiring);

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
	/* As simple-audio-card makes them from the overlay's properties. */
	card->of_dapm_widgets = hpa380_hat_widgets;
	card->num_of_dapm_widgets = ARRAY_SIZE(hpa380_hat_widgets);
	card->of_dapm_routes = hpa380_hat_routes;
	card->num_of_dapm_routes = ARRAY_SIZE(hpa380_hat_routes);

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
	int i;

	for (i = 0; i < ARRAY_SIZE(hpa380_hat_widgets); i++)
		snd_soc_dapm_disable_pin(dapm, hpa380_hat_widgets[i].name);
	if (jack)
		KUNIT_ASSERT_EQ(b->test, 0, snd_soc_dapm_enable_pin(dapm, jack));
	KUNIT_ASSERT_EQ(b->test, 0, snd_soc_dapm_sync(dapm));
}

void hpa380_board_start_playing(struct hpa380_board *b, const char *jack)
{
	struct kunit *test = b->test;

	KUNIT_ASSERT_EQ(test, hpa380_board_put(b, "Headphone Playback Volume",
					       160, 160), 1);
	KUNIT_ASSERT_EQ(test, hpa380_board_put(b, "Headphone Playback Switch",
					       1, 1), 1);
	hpa380_board_play(b, jack);
	/* HPLP and HPRP: the plus stages, whatever the jack, as Unbalanced. */
	KUNIT_ASSERT_EQ(test, hpa380_model_peek(b->model, OUT_EN), 0x05);
	hpa380_model_log_clear(b->model);
}

void hpa380_board_stop(struct hpa380_board *b)
{
	hpa380_board_play(b, NULL);
}

struct snd_kcontrol *hpa380_board_kcontrol(struct hpa380_board *b,
					   const char *name)
{
	struct snd_kcontrol *kctl = snd_soc_card_get_kcontrol(b->card, name);
	struct snd_ctl_elem_id id = { .iface = SNDRV_CTL_ELEM_IFACE_CARD };

	/* Jack controls live on the card interface, the others on mixer. */
	if (!kctl) {
		strscpy(id.name, name, sizeof(id.name));
		kctl = snd_ctl_find_id(b->card->snd_card, &id);
	}
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

static void hpa380_board_pm_put(void *dev)
{
	pm_runtime_put(dev);
}

struct hpa380_board *hpa380_board_fixture(struct kunit *test,
					  const struct hpa380_board_opts *opts)
{
	struct hpa380_board *b = hpa380_board_create(test, opts);

	KUNIT_ASSERT_TRUE(test, hpa380_board_bound(b));
	hpa380_board_add_card(b);
	/* Keep the chip awake, so that traffic does not depend on timers. */
	KUNIT_ASSERT_EQ(test, 0, pm_runtime_resume_and_get(&b->client->dev));
	KUNIT_ASSERT_EQ(test, 0,
			kunit_add_action_or_reset(test, hpa380_board_pm_put,
						  &b->client->dev));
	hpa380_model_log_clear(b->model);
	hpa380_model_clear_counters(b->model);
	test->priv = b;
	return b;
}

int hpa380_board_fixture_init(struct kunit *test)
{
	static const struct hpa380_board_opts opts = { .irq = true };

	hpa380_board_fixture(test, &opts);
	return 0;
}

void hpa380_board_fixture_exit(struct kunit *test)
{
	struct hpa380_board *b = test->priv;

	if (!b)
		return;
	KUNIT_EXPECT_EQ(test, hpa380_model_pops(b->model), 0);
	KUNIT_EXPECT_EQ(test, hpa380_model_illegal(b->model), 0);
}
