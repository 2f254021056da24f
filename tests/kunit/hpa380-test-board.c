// SPDX-License-Identifier: GPL-2.0-only
/*
 * The board the HPA380 KUnit tests run on. Everything is torn down by KUnit
 * actions in reverse order: card, client (driver unbind), supplies, model.
 */

#include <linux/platform_device.h>
#include <linux/pm_runtime.h>
#include <linux/regmap.h>
#include <sound/control.h>
#include <sound/soc-dapm.h>

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
				      (opts->reset ? HPA380_WIRE_RESET : 0) |
				      (opts->no_dvdd ? HPA380_WIRE_NO_DVDD : 0));
	b->prefix = opts->prefix;
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

static void hpa380_board_unregister_dac(void *pdev)
{
	platform_device_unregister(pdev);
}

static void hpa380_board_end_stream(void *data)
{
	struct hpa380_board *b = data;

	if (b->rtd && b->streaming)
		hpa380_board_stream_stop(b);
}

/*
 * A board whose amplifier has a name prefix: the overlay's widgets and
 * routes with the prefix on every name of the amplifier's side (its
 * outputs, and the jacks named like its jack controls).
 */
static const char *hpa380_board_prefixed(struct hpa380_board *b,
					 const char *name)
{
	size_t len = strlen(b->prefix) + strlen(name) + 2;
	char *s = kunit_kzalloc(b->test, len, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(b->test, s);
	snprintf(s, len, "%s %s", b->prefix, name);
	return s;
}

static void hpa380_board_prefix_dapm(struct hpa380_board *b,
				     struct snd_soc_card *card)
{
	struct kunit *test = b->test;
	struct snd_soc_dapm_widget *w;
	struct snd_soc_dapm_route *r;
	unsigned int i;

	w = kunit_kmalloc(test, sizeof(hpa380_hat_widgets), GFP_KERNEL);
	r = kunit_kmalloc(test, sizeof(hpa380_hat_routes), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, w);
	KUNIT_ASSERT_NOT_NULL(test, r);
	memcpy(w, hpa380_hat_widgets, sizeof(hpa380_hat_widgets));
	memcpy(r, hpa380_hat_routes, sizeof(hpa380_hat_routes));
	for (i = 0; i < ARRAY_SIZE(hpa380_hat_widgets); i++)
		w[i].name = hpa380_board_prefixed(b, w[i].name);
	for (i = 0; i < ARRAY_SIZE(hpa380_hat_routes); i++) {
		r[i].sink = hpa380_board_prefixed(b, r[i].sink);
		r[i].source = hpa380_board_prefixed(b, r[i].source);
	}
	card->of_dapm_widgets = w;
	card->of_dapm_routes = r;
}

/*
 * The shipped card, as simple-audio-card makes it from the overlay: one I2S
 * link from the CPU (the dummy DAI stands in for the Pi's I2S) to the real
 * PCM5102A codec driver, the amplifier as auxiliary device, and the
 * overlay's own jack widgets and routes. Not fully routed, no pin touched.
 */
void hpa380_board_add_card_err(struct hpa380_board *b, int *err)
{
	struct kunit *test = b->test;
	struct snd_soc_dai_link_component *dlc;
	struct snd_soc_dai_link *link;
	struct snd_soc_aux_dev *aux;
	struct snd_soc_card *card;
	int ret;

	KUNIT_ASSERT_TRUE(test, hpa380_board_bound(b));

	b->dac = platform_device_register_data(NULL, "pcm5102a-codec",
					       PLATFORM_DEVID_AUTO, NULL, 0);
	KUNIT_ASSERT_FALSE(test, IS_ERR(b->dac));
	KUNIT_ASSERT_EQ(test, 0,
			kunit_add_action_or_reset(test, hpa380_board_unregister_dac,
						  b->dac));
	KUNIT_ASSERT_NOT_NULL_MSG(test, b->dac->dev.driver, "PCM5102A unbound");

	card = kunit_kzalloc(test, sizeof(*card), GFP_KERNEL);
	link = kunit_kzalloc(test, sizeof(*link), GFP_KERNEL);
	dlc = kunit_kcalloc(test, 3, sizeof(*dlc), GFP_KERNEL);
	aux = kunit_kzalloc(test, sizeof(*aux), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, card);
	KUNIT_ASSERT_NOT_NULL(test, link);
	KUNIT_ASSERT_NOT_NULL(test, dlc);
	KUNIT_ASSERT_NOT_NULL(test, aux);

	dlc[0].name = "snd-soc-dummy";
	dlc[0].dai_name = "snd-soc-dummy-dai";
	dlc[1].name = dev_name(&b->dac->dev);
	dlc[1].dai_name = "pcm5102a-hifi";
	dlc[2].name = "snd-soc-dummy";
	link->name = "HPA380 DAC";
	link->stream_name = "HPA380 DAC";
	link->dai_fmt = SND_SOC_DAIFMT_I2S | SND_SOC_DAIFMT_NB_NF |
			SND_SOC_DAIFMT_CBC_CFC;
	link->playback_only = 1;
	link->cpus = &dlc[0];
	link->num_cpus = 1;
	link->codecs = &dlc[1];
	link->num_codecs = 1;
	link->platforms = &dlc[2];
	link->num_platforms = 1;

	/* ASoC names an I2C component "<driver>.<device>". */
	snprintf(b->component, sizeof(b->component), "hpa380.%s", b->devname);
	aux->dlc.name = b->component;
	card->name = "hpa380-test";
	card->owner = THIS_MODULE;
	snprintf(b->card_name, sizeof(b->card_name), "hpa380-card-%s-%u",
		 b->devname, b->cards++);
	card->dev = kunit_device_register(test, b->card_name);
	KUNIT_ASSERT_FALSE(test, IS_ERR(card->dev));
	card->dai_link = link;
	card->num_links = 1;
	card->aux_dev = aux;
	card->num_aux_devs = 1;
	if (b->prefix) {
		struct snd_soc_codec_conf *conf;

		conf = kunit_kzalloc(test, sizeof(*conf), GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, conf);
		conf->dlc.name = b->component;
		conf->name_prefix = b->prefix;
		card->codec_conf = conf;
		card->num_configs = 1;
	}
	/* As simple-audio-card makes them from the overlay's properties. */
	card->of_dapm_widgets = hpa380_hat_widgets;
	card->num_of_dapm_widgets = ARRAY_SIZE(hpa380_hat_widgets);
	card->of_dapm_routes = hpa380_hat_routes;
	card->num_of_dapm_routes = ARRAY_SIZE(hpa380_hat_routes);
	if (b->prefix)
		hpa380_board_prefix_dapm(b, card);

	ret = snd_soc_register_card(card);
	if (err) {
		*err = ret;
		if (ret)
			return;
	}
	KUNIT_ASSERT_EQ(test, 0, ret);
	KUNIT_ASSERT_EQ(test, 0,
			kunit_add_action_or_reset(test, hpa380_board_unregister_card,
						  card));
	b->card = card;
	b->rtd = snd_soc_get_pcm_runtime(card, link);
	KUNIT_ASSERT_NOT_NULL(test, b->rtd);
	b->rtd->pmdown_time = HPA380_BOARD_PMDOWN_MS;
	/* The CPU DAI is ASoC's shared dummy: leave it inactive. */
	KUNIT_ASSERT_EQ(test, 0,
			kunit_add_action_or_reset(test, hpa380_board_end_stream, b));
}

void hpa380_board_add_card(struct hpa380_board *b)
{
	hpa380_board_add_card_err(b, NULL);
}

void hpa380_board_remove_card(struct hpa380_board *b)
{
	kunit_release_action(b->test, hpa380_board_end_stream, b);
	kunit_release_action(b->test, hpa380_board_unregister_card, b->card);
	b->card = NULL;
	b->rtd = NULL;
}

/* soc-pcm's open and prepare, for the DAPM side of a playback stream. */
void hpa380_board_stream_start(struct hpa380_board *b)
{
	hpa380_board_stream_start_silent(b);
	/* The trigger: the DAC plays. */
	hpa380_model_set_tone(b->model, HPA380_BOARD_TONE_HZ,
			      HPA380_BOARD_TONE_PEAK);
}

void hpa380_board_stream_start_silent(struct hpa380_board *b)
{
	struct snd_soc_pcm_runtime *rtd = b->rtd;

	KUNIT_ASSERT_FALSE(b->test, b->streaming);
	b->streaming = true;
	mutex_lock(&rtd->card->pcm_mutex);
	snd_soc_runtime_activate(rtd, SNDRV_PCM_STREAM_PLAYBACK);
	mutex_unlock(&rtd->card->pcm_mutex);
	if (rtd->pop_wait) {
		rtd->pop_wait = 0;
		cancel_delayed_work(&rtd->delayed_work);
	}
	snd_soc_dapm_stream_event(rtd, SNDRV_PCM_STREAM_PLAYBACK,
				  SND_SOC_DAPM_STREAM_START);
}

/* The trigger's stop (the DAC falls silent), then soc-pcm's hw_free. */
void hpa380_board_stream_hw_free(struct hpa380_board *b)
{
	hpa380_model_set_tone(b->model, 0, 0);
	snd_soc_dapm_stream_stop(b->rtd, SNDRV_PCM_STREAM_PLAYBACK);
}

/* soc-pcm's close (the stream no longer open). */
void hpa380_board_stream_release(struct hpa380_board *b)
{
	struct snd_soc_pcm_runtime *rtd = b->rtd;

	KUNIT_ASSERT_TRUE(b->test, b->streaming);
	b->streaming = false;
	mutex_lock(&rtd->card->pcm_mutex);
	snd_soc_runtime_deactivate(rtd, SNDRV_PCM_STREAM_PLAYBACK);
	mutex_unlock(&rtd->card->pcm_mutex);
}

/* hw_free and close, as aplay ends. */
void hpa380_board_stream_close(struct hpa380_board *b)
{
	hpa380_board_stream_hw_free(b);
	hpa380_board_stream_release(b);
}

/* ... and the pmdown time over at once. */
void hpa380_board_stream_stop(struct hpa380_board *b)
{
	hpa380_board_stream_close(b);
	flush_delayed_work(&b->rtd->delayed_work);
}

/* Plug a load into @jack and wait for the driver's measurement of it. */
void hpa380_board_plug(struct hpa380_board *b, const char *jack)
{
	bool bal = !strcmp(jack, "Balanced Headphone Jack");

	hpa380_board_plug_load(b, jack, bal ? 300000 : 32000,
			       bal ? HPA380_MODEL_LOAD_BALANCED :
				     HPA380_MODEL_LOAD_UNBALANCED);
}

void hpa380_board_plug_load(struct hpa380_board *b, const char *jack,
			    u32 mohm, enum hpa380_model_topology topology)
{
	bool bal = !strcmp(jack, "Balanced Headphone Jack");
	unsigned int ms;

	hpa380_model_plug(b->model,
			  bal ? HPA380_MODEL_JACK_BAL : HPA380_MODEL_JACK_SE,
			  mohm, mohm, topology);
	/* Debounce, detection (a poll period at most) and measurement. */
	for (ms = 0; ms < 2000; ms += 2) {
		if (hpa380_board_get(b, jack, 0) &&
		    hpa380_board_get(b, "Headphone Load Detect Status", 0) == 2)
			break;
		fsleep(2000);
	}
	KUNIT_ASSERT_LT_MSG(b->test, ms, 2000, "%s: no measurement", jack);
	/* The measurement's hold has gone, the mute ramp with it. */
	fsleep(HPA380_T_RAMP_MAX_US);
}

void hpa380_board_start_playing(struct hpa380_board *b, const char *jack)
{
	struct kunit *test = b->test;

	hpa380_board_plug(b, jack);
	KUNIT_ASSERT_EQ(test, hpa380_board_put(b, "Headphone Playback Volume",
					       160, 160), 1);
	KUNIT_ASSERT_EQ(test, hpa380_board_put(b, "Headphone Playback Switch",
					       1, 1), 1);
	hpa380_board_stream_start(b);
	/* HPLP and HPRP: the plus stages, whatever the jack, as Unbalanced. */
	KUNIT_ASSERT_EQ(test, hpa380_model_peek(b->model, OUT_EN), 0x05);
	hpa380_model_log_clear(b->model);
}

/* The card's device is a consumer of the amplifier's (a device link). */
bool hpa380_board_card_after_amp(struct hpa380_board *b)
{
	struct device_link *link;

	list_for_each_entry(link, &b->client->dev.links.consumers, s_node)
		if (link->consumer == b->card->dev)
			return true;
	return false;
}

/*
 * System sleep in the PM core's order: a device's consumers (device links)
 * suspend before it and resume after it. Without a link the amplifier goes
 * first, as on a Pi, where its I2C client is created after the card's
 * device. The card's own suspend powers DAPM down; its resume work runs to
 * the end here.
 */
void hpa380_board_system_suspend(struct hpa380_board *b)
{
	struct kunit *test = b->test;
	struct device *amp = &b->client->dev;
	bool card_first = hpa380_board_card_after_amp(b);

	if (card_first)
		KUNIT_ASSERT_EQ(test, 0, snd_soc_suspend(b->card->dev));
	pm_runtime_get_noresume(amp);
	KUNIT_ASSERT_EQ(test, 0, pm_runtime_force_suspend(amp));
	if (!card_first)
		KUNIT_ASSERT_EQ(test, 0, snd_soc_suspend(b->card->dev));
}

void hpa380_board_system_resume(struct hpa380_board *b)
{
	struct kunit *test = b->test;
	struct device *amp = &b->client->dev;
	bool card_first = hpa380_board_card_after_amp(b);

	if (!card_first) {
		KUNIT_ASSERT_EQ(test, 0, snd_soc_resume(b->card->dev));
		flush_work(&b->card->deferred_resume_work);
	}
	KUNIT_ASSERT_EQ(test, 0, pm_runtime_force_resume(amp));
	pm_runtime_put_noidle(amp);
	if (card_first) {
		KUNIT_ASSERT_EQ(test, 0, snd_soc_resume(b->card->dev));
		flush_work(&b->card->deferred_resume_work);
	}
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
