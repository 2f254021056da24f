// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit tests of the HPA380 driver, run through the real I2C probe path
 * against the chip model (tests/model), inside a real ASoC card.
 */

#include <kunit/test.h>
#include <linux/delay.h>
#include <linux/irq.h>
#include <linux/irqdesc.h>
#include <linux/kthread.h>
#include <linux/pm_runtime.h>
#include <sound/control.h>
#include <sound/tlv.h>

#include "hpa380-test-board.h"

/* Datasheet fields, written here again on purpose: see hpa380-test-board.h */
#define ROUTE_BALANCED	0x01
#define GAIN_HIGH	0x02
#define ILIM(n)		((n) << 2)
#define MUTED		0x03
#define ALL_STAGES	0x0f
#define PLUS_STAGES	0x05

#define VOLUME		"Headphone Playback Volume"
#define SWITCH		"Headphone Playback Switch"
#define GAIN		"Gain Mode"
#define ROUTE		"Output Route"
#define LIMIT		"Current Limit"

static void hpa380_test_expect_read(struct kunit *test, struct hpa380_board *b,
				    unsigned int i, u8 reg)
{
	const struct hpa380_model_xfer *x = hpa380_model_xfer(b->model, i);

	KUNIT_ASSERT_NOT_NULL(test, x);
	KUNIT_EXPECT_TRUE_MSG(test, x->read, "transfer %u", i);
	KUNIT_EXPECT_EQ_MSG(test, x->reg, reg, "transfer %u", i);
}

/* ---- probe ---- */

static void probe_reads_id_and_resets_chip(struct kunit *test)
{
	struct hpa380_board *b = hpa380_board_create(test, NULL);

	KUNIT_ASSERT_TRUE(test, hpa380_board_bound(b));
	KUNIT_EXPECT_TRUE(test, hpa380_board_supplies_on(b));
	KUNIT_ASSERT_EQ(test, hpa380_model_xfer_count(b->model), 3);
	hpa380_test_expect_read(test, b, 0, CHIP_ID);
	hpa380_test_expect_read(test, b, 1, REV_ID);
	hpa380_board_expect_write(b, 2, SW_RESET, 0x01);
	KUNIT_EXPECT_EQ(test, hpa380_model_illegal(b->model), 0);
}

/* With RESETN wired: a reset pulse of t_RST (10 us) at least, no SW_RESET. */
static void probe_pulses_resetn_for_t_rst(struct kunit *test)
{
	static const struct hpa380_board_opts opts = { .reset = true };
	struct hpa380_board *b = hpa380_board_create(test, &opts);

	KUNIT_ASSERT_TRUE(test, hpa380_board_bound(b));
	KUNIT_EXPECT_EQ(test, hpa380_model_resets(b->model), 1);
	KUNIT_EXPECT_EQ(test, hpa380_model_illegal(b->model), 0);
	KUNIT_ASSERT_EQ(test, hpa380_model_xfer_count(b->model), 2);
	hpa380_test_expect_read(test, b, 0, CHIP_ID);
	hpa380_test_expect_read(test, b, 1, REV_ID);
}

static void probe_rejects_wrong_chip_id(struct kunit *test)
{
	struct hpa380_board_opts opts = { .chip_id = 0x83 };
	struct hpa380_board *b = hpa380_board_create(test, &opts);

	KUNIT_EXPECT_FALSE(test, hpa380_board_bound(b));
	KUNIT_EXPECT_EQ(test, hpa380_model_xfer_count(b->model), 1);
	KUNIT_EXPECT_FALSE(test, hpa380_board_supplies_on(b));
	KUNIT_EXPECT_FALSE(test, hpa380_board_supply_on(b, HPA380_AVDD));
}

static void probe_fails_without_dvdd(struct kunit *test)
{
	struct hpa380_board_opts opts = { .no_dvdd = true };
	struct hpa380_board *b = hpa380_board_create(test, &opts);

	KUNIT_EXPECT_FALSE(test, hpa380_board_bound(b));
	KUNIT_EXPECT_EQ(test, hpa380_model_xfer_count(b->model), 0);
	KUNIT_EXPECT_FALSE(test, hpa380_board_supply_on(b, HPA380_AVDD));
}

static void probe_fails_cleanly_on_bus_error_at_every_transfer(struct kunit *test)
{
	unsigned int n, transfers;
	struct hpa380_board *b;

	b = hpa380_board_create(test, NULL);
	KUNIT_ASSERT_TRUE(test, hpa380_board_bound(b));
	transfers = hpa380_model_xfer_count(b->model);

	for (n = 1; n <= transfers; n++) {
		struct hpa380_board_opts opts = { .fail_xfer = n };

		b = hpa380_board_create(test, &opts);
		KUNIT_EXPECT_FALSE_MSG(test, hpa380_board_bound(b), "xfer %u", n);
		KUNIT_EXPECT_EQ_MSG(test, hpa380_model_xfer_count(b->model), n,
				    "xfer %u", n);
		KUNIT_EXPECT_FALSE_MSG(test, hpa380_board_supply_on(b, HPA380_AVDD), "xfer %u", n);
		KUNIT_EXPECT_FALSE_MSG(test, hpa380_board_supply_on(b, HPA380_DVDD), "xfer %u", n);
	}
}

struct hpa380_fw_case {
	const char *desc;
	struct property_entry props[4];
	u8 out_cfg;
};

static const struct hpa380_fw_case hpa380_fw_cases[] = {
	{ "no properties", {}, 0x00 },
	{ "high gain",
	  { PROPERTY_ENTRY_STRING("hpamp,gain-mode", "high") }, GAIN_HIGH },
	{ "normal gain",
	  { PROPERTY_ENTRY_STRING("hpamp,gain-mode", "normal") }, 0x00 },
	{ "balanced",
	  { PROPERTY_ENTRY_STRING("hpamp,output-route", "balanced") },
	  ROUTE_BALANCED },
	{ "200 mA",
	  { PROPERTY_ENTRY_U32("hpamp,current-limit-microamp", 200000) },
	  ILIM(1) },
	{ "400 mA",
	  { PROPERTY_ENTRY_U32("hpamp,current-limit-microamp", 400000) },
	  ILIM(2) },
	{ "all three", {
		PROPERTY_ENTRY_STRING("hpamp,gain-mode", "high"),
		PROPERTY_ENTRY_STRING("hpamp,output-route", "balanced"),
		PROPERTY_ENTRY_U32("hpamp,current-limit-microamp", 400000) },
	  GAIN_HIGH | ROUTE_BALANCED | ILIM(2) },
	/* A value the binding does not allow: the default, with a warning. */
	{ "unknown gain",
	  { PROPERTY_ENTRY_STRING("hpamp,gain-mode", "loud") }, 0x00 },
	{ "unknown route",
	  { PROPERTY_ENTRY_STRING("hpamp,output-route", "both") }, 0x00 },
	{ "unsupported limit",
	  { PROPERTY_ENTRY_U32("hpamp,current-limit-microamp", 300000) },
	  0x00 },
	{ "unknown gain, the others apply", {
		PROPERTY_ENTRY_STRING("hpamp,gain-mode", "loud"),
		PROPERTY_ENTRY_STRING("hpamp,output-route", "balanced"),
		PROPERTY_ENTRY_U32("hpamp,current-limit-microamp", 200000) },
	  ROUTE_BALANCED | ILIM(1) },
};

KUNIT_ARRAY_PARAM_DESC(hpa380_fw, hpa380_fw_cases, desc);

static void probe_applies_firmware_defaults(struct kunit *test)
{
	const struct hpa380_fw_case *c = test->param_value;
	struct hpa380_board_opts opts = { .props = c->props };
	struct hpa380_board *b = hpa380_board_create(test, &opts);

	KUNIT_ASSERT_TRUE(test, hpa380_board_bound(b));
	KUNIT_EXPECT_EQ(test, hpa380_model_peek(b->model, OUT_CFG), c->out_cfg);
	/* ID, revision, reset, and one write only if anything differs. */
	KUNIT_EXPECT_EQ(test, hpa380_model_xfer_count(b->model),
			c->out_cfg ? 4 : 3);

	hpa380_board_add_card(b);
	KUNIT_EXPECT_EQ(test, hpa380_board_get(b, ROUTE, 0),
			c->out_cfg & ROUTE_BALANCED ? 1 : 0);
	KUNIT_EXPECT_EQ(test, hpa380_board_get(b, GAIN, 0),
			c->out_cfg & GAIN_HIGH ? 1 : 0);
	KUNIT_EXPECT_EQ(test, hpa380_board_get(b, LIMIT, 0), c->out_cfg >> 2);
}

static struct kunit_case hpa380_probe_cases[] = {
	KUNIT_CASE(probe_reads_id_and_resets_chip),
	KUNIT_CASE(probe_pulses_resetn_for_t_rst),
	KUNIT_CASE(probe_rejects_wrong_chip_id),
	KUNIT_CASE(probe_fails_without_dvdd),
	KUNIT_CASE(probe_fails_cleanly_on_bus_error_at_every_transfer),
	KUNIT_CASE_PARAM(probe_applies_firmware_defaults, hpa380_fw_gen_params),
	{}
};

static struct kunit_suite hpa380_probe_suite = {
	.name = "hpa380-probe",
	.test_cases = hpa380_probe_cases,
};

/* ---- controls: names, types, ranges ---- */

struct hpa380_ctl_abi {
	const char *name;
	snd_ctl_elem_type_t type;
	unsigned int count;
	long max;
	const char * const *items;
};

static const char * const hpa380_gain_items[] = { "Normal", "High", NULL };
static const char * const hpa380_route_items[] = { "Unbalanced", "Balanced", NULL };
static const char * const hpa380_limit_items[] = {
	"100 mA", "200 mA", "400 mA", NULL
};

static const struct hpa380_ctl_abi hpa380_ctl_abi[] = {
	{ VOLUME, SNDRV_CTL_ELEM_TYPE_INTEGER, 2, 200 },
	{ SWITCH, SNDRV_CTL_ELEM_TYPE_BOOLEAN, 2, 1 },
	{ GAIN, SNDRV_CTL_ELEM_TYPE_ENUMERATED, 1, 1, hpa380_gain_items },
	{ ROUTE, SNDRV_CTL_ELEM_TYPE_ENUMERATED, 1, 1, hpa380_route_items },
	{ LIMIT, SNDRV_CTL_ELEM_TYPE_ENUMERATED, 1, 2, hpa380_limit_items },
};

static void controls_have_abi_names_types_and_items(struct kunit *test)
{
	struct hpa380_board *b = test->priv;
	struct snd_ctl_elem_info *info;
	unsigned int i, j;

	info = kunit_kzalloc(test, sizeof(*info), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, info);

	for (i = 0; i < ARRAY_SIZE(hpa380_ctl_abi); i++) {
		const struct hpa380_ctl_abi *abi = &hpa380_ctl_abi[i];
		struct snd_kcontrol *kctl = hpa380_board_kcontrol(b, abi->name);

		memset(info, 0, sizeof(*info));
		KUNIT_ASSERT_EQ(test, 0, kctl->info(kctl, info));
		/* snd_ctl_elem_type_t is __bitwise; KUnit compares integers. */
		KUNIT_EXPECT_EQ_MSG(test, (__force int)info->type,
				    (__force int)abi->type, "%s", abi->name);
		KUNIT_EXPECT_EQ_MSG(test, info->count, abi->count, "%s", abi->name);
		/* Settings a user changes: on the mixer interface, for mixers. */
		KUNIT_EXPECT_EQ_MSG(test, (__force int)kctl->id.iface,
				    (__force int)SNDRV_CTL_ELEM_IFACE_MIXER, "%s", abi->name);
		KUNIT_EXPECT_TRUE_MSG(test, kctl->vd[0].access &
				      SNDRV_CTL_ELEM_ACCESS_WRITE, "%s", abi->name);
		if (!abi->items) {
			KUNIT_EXPECT_EQ(test, info->value.integer.min, 0);
			KUNIT_EXPECT_EQ_MSG(test, info->value.integer.max, abi->max,
					    "%s", abi->name);
			continue;
		}
		KUNIT_EXPECT_EQ_MSG(test, info->value.enumerated.items,
				    abi->max + 1, "%s", abi->name);
		for (j = 0; abi->items[j]; j++) {
			info->value.enumerated.item = j;
			KUNIT_ASSERT_EQ(test, 0, kctl->info(kctl, info));
			KUNIT_EXPECT_STREQ(test, info->value.enumerated.name,
					   abi->items[j]);
		}
	}
}

static void volume_tlv_is_minus_100_to_0_db_with_mute(struct kunit *test)
{
	struct snd_kcontrol *kctl = hpa380_board_kcontrol(test->priv, VOLUME);
	const unsigned int *tlv = kctl->tlv.p;

	KUNIT_ASSERT_TRUE(test, kctl->vd[0].access &
			  SNDRV_CTL_ELEM_ACCESS_TLV_READ);
	KUNIT_ASSERT_NOT_NULL(test, tlv);
	KUNIT_EXPECT_EQ(test, tlv[SNDRV_CTL_TLVO_TYPE], SNDRV_CTL_TLVT_DB_SCALE);
	KUNIT_EXPECT_EQ(test, (int)tlv[SNDRV_CTL_TLVO_DB_SCALE_MIN], -10000);
	KUNIT_EXPECT_EQ(test, tlv[SNDRV_CTL_TLVO_DB_SCALE_MUTE_AND_STEP] &
			TLV_DB_SCALE_MASK, 50);
	KUNIT_EXPECT_TRUE(test, tlv[SNDRV_CTL_TLVO_DB_SCALE_MUTE_AND_STEP] &
			  TLV_DB_SCALE_MUTE);
}

/* ---- every put: boundaries, bad values, change reporting ---- */

struct hpa380_put_case {
	const char *desc;
	const char *name;
	long left, right;
	int ret;
	u8 reg, val;		/* the chip's register after the put */
};

static const struct hpa380_put_case hpa380_put_cases[] = {
	{ "volume top", VOLUME, 200, 200, 1, VOL_L, 200 },
	{ "volume top right", VOLUME, 200, 200, 1, VOL_R, 200 },
	{ "volume lowest step", VOLUME, 1, 1, 1, VOL_L, 1 },
	{ "volume mute unchanged", VOLUME, 0, 0, 0, VOL_L, 0 },
	{ "volume per channel", VOLUME, 100, 150, 1, VOL_R, 150 },
	{ "volume above top", VOLUME, 201, 0, -EINVAL, VOL_L, 0 },
	{ "volume right above top", VOLUME, 0, 201, -EINVAL, VOL_R, 0 },
	{ "volume negative", VOLUME, -1, 0, -EINVAL, VOL_L, 0 },
	{ "volume right negative", VOLUME, 100, -1, -EINVAL, VOL_L, 0 },
	{ "switch on", SWITCH, 1, 1, 1, MUTE, 0x00 },
	{ "switch left only", SWITCH, 1, 0, 1, MUTE, 0x02 },
	{ "switch off unchanged", SWITCH, 0, 0, 0, MUTE, MUTED },
	{ "switch 2", SWITCH, 2, 1, -EINVAL, MUTE, MUTED },
	{ "switch negative", SWITCH, 1, -1, -EINVAL, MUTE, MUTED },
	{ "gain high", GAIN, 1, 0, 1, OUT_CFG, GAIN_HIGH },
	{ "gain normal unchanged", GAIN, 0, 0, 0, OUT_CFG, 0 },
	{ "gain item 2", GAIN, 2, 0, -EINVAL, OUT_CFG, 0 },
	{ "gain huge item", GAIN, 0x7fffffff, 0, -EINVAL, OUT_CFG, 0 },
	{ "route balanced", ROUTE, 1, 0, 1, OUT_CFG, ROUTE_BALANCED },
	{ "route unbalanced unchanged", ROUTE, 0, 0, 0, OUT_CFG, 0 },
	{ "route item 2", ROUTE, 2, 0, -EINVAL, OUT_CFG, 0 },
	{ "limit 200 mA", LIMIT, 1, 0, 1, OUT_CFG, ILIM(1) },
	{ "limit 400 mA", LIMIT, 2, 0, 1, OUT_CFG, ILIM(2) },
	{ "limit 100 mA unchanged", LIMIT, 0, 0, 0, OUT_CFG, 0 },
	{ "limit item 3", LIMIT, 3, 0, -EINVAL, OUT_CFG, 0 },
};

KUNIT_ARRAY_PARAM_DESC(hpa380_put, hpa380_put_cases, desc);

static void put_sets_register_and_reports_change(struct kunit *test)
{
	const struct hpa380_put_case *c = test->param_value;
	struct hpa380_board *b = test->priv;
	int ret;

	ret = hpa380_board_put(b, c->name, c->left, c->right);
	KUNIT_EXPECT_EQ(test, ret, c->ret);
	KUNIT_EXPECT_EQ(test, hpa380_model_peek(b->model, c->reg), c->val);

	if (c->ret < 0 || c->ret == 0) {
		/* Nothing to do: nothing touched, not even a read. */
		KUNIT_EXPECT_EQ(test, hpa380_model_xfer_count(b->model), 0);
		return;
	}
	KUNIT_EXPECT_EQ(test, hpa380_board_get(b, c->name, 0), c->left);
	if (strcmp(c->name, VOLUME) == 0 || strcmp(c->name, SWITCH) == 0)
		KUNIT_EXPECT_EQ(test, hpa380_board_get(b, c->name, 1), c->right);
	/* The same value again is no change. */
	KUNIT_EXPECT_EQ(test, hpa380_board_put(b, c->name, c->left, c->right), 0);
	hpa380_board_expect_cache_matches_chip(b);
}

static void cached_read_costs_no_transfer(struct kunit *test)
{
	struct hpa380_board *b = test->priv;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(hpa380_ctl_abi); i++)
		hpa380_board_get(b, hpa380_ctl_abi[i].name, 0);
	KUNIT_EXPECT_EQ(test, hpa380_model_xfer_count(b->model), 0);
}

static struct kunit_case hpa380_control_cases[] = {
	KUNIT_CASE(controls_have_abi_names_types_and_items),
	KUNIT_CASE(volume_tlv_is_minus_100_to_0_db_with_mute),
	KUNIT_CASE_PARAM(put_sets_register_and_reports_change,
			 hpa380_put_gen_params),
	KUNIT_CASE(cached_read_costs_no_transfer),
	{}
};

static struct kunit_suite hpa380_control_suite = {
	.name = "hpa380-controls",
	.init = hpa380_board_fixture_init,
	.exit = hpa380_board_fixture_exit,
	.test_cases = hpa380_control_cases,
};

/* ---- bus traffic of each action ---- */

struct hpa380_mode_case {
	const char *desc;
	const char *name;
	long item;
	u8 out_cfg;
	const char *jack;	/* where it plays when it plays */
};

static const struct hpa380_mode_case hpa380_mode_cases[] = {
	{ "gain", GAIN, 1, GAIN_HIGH, "Headphone Jack" },
	{ "current limit", LIMIT, 2, ILIM(2), "Headphone Jack" },
	{ "route", ROUTE, 1, ROUTE_BALANCED, "Balanced Headphone Jack" },
};

KUNIT_ARRAY_PARAM_DESC(hpa380_mode, hpa380_mode_cases, desc);

static void idle_mode_change_is_one_write(struct kunit *test)
{
	const struct hpa380_mode_case *c = test->param_value;
	struct hpa380_board *b = test->priv;

	KUNIT_EXPECT_EQ(test, hpa380_board_put(b, c->name, c->item, 0), 1);
	KUNIT_ASSERT_EQ(test, hpa380_model_xfer_count(b->model), 1);
	hpa380_board_expect_write(b, 0, OUT_CFG, c->out_cfg);
}

static void mode_change_while_playing_mutes_waits_changes_restores(struct kunit *test)
{
	const struct hpa380_mode_case *c = test->param_value;
	struct hpa380_board *b = test->priv;
	bool route = c->out_cfg == ROUTE_BALANCED;

	hpa380_board_start_playing(b, c->jack);
	KUNIT_EXPECT_EQ(test, hpa380_board_put(b, c->name, c->item, 0), 1);

	/* Mute, (wait), change, [power the minus stages], restore. */
	KUNIT_ASSERT_EQ(test, hpa380_model_xfer_count(b->model), route ? 4 : 3);
	hpa380_board_expect_write(b, 0, MUTE, MUTED);
	hpa380_board_expect_write(b, 1, OUT_CFG, c->out_cfg);
	if (route)
		hpa380_board_expect_write(b, 2, OUT_EN, ALL_STAGES);
	hpa380_board_expect_write(b, route ? 3 : 2, MUTE, 0x00);
	KUNIT_EXPECT_EQ(test, hpa380_model_pops(b->model), 0);
}

static void mode_change_while_playing_muted_is_one_write(struct kunit *test)
{
	struct hpa380_board *b = test->priv;

	hpa380_board_start_playing(b, "Headphone Jack");
	KUNIT_ASSERT_EQ(test, hpa380_board_put(b, SWITCH, 0, 0), 1);
	hpa380_model_log_clear(b->model);

	KUNIT_EXPECT_EQ(test, hpa380_board_put(b, GAIN, 1, 0), 1);
	KUNIT_ASSERT_EQ(test, hpa380_model_xfer_count(b->model), 1);
	hpa380_board_expect_write(b, 0, OUT_CFG, GAIN_HIGH);
}

static void balanced_route_powers_minus_stages_only_when_balanced(struct kunit *test)
{
	struct hpa380_board *b = test->priv;

	hpa380_board_plug(b, "Balanced Headphone Jack");
	hpa380_board_stream_start(b);
	KUNIT_EXPECT_EQ(test, hpa380_model_peek(b->model, OUT_EN), PLUS_STAGES);
	KUNIT_ASSERT_EQ(test, hpa380_board_put(b, ROUTE, 1, 0), 1);
	KUNIT_EXPECT_EQ(test, hpa380_model_peek(b->model, OUT_EN), ALL_STAGES);
	KUNIT_ASSERT_EQ(test, hpa380_board_put(b, ROUTE, 0, 0), 1);
	KUNIT_EXPECT_EQ(test, hpa380_model_peek(b->model, OUT_EN), PLUS_STAGES);
	hpa380_board_stream_stop(b);
	KUNIT_EXPECT_EQ(test, hpa380_model_peek(b->model, OUT_EN), 0);
	KUNIT_EXPECT_EQ(test, hpa380_model_peek(b->model, POWER), 0);
}

/* Microseconds between transfers @i and @j of the log. */
static s64 hpa380_test_gap_us(struct hpa380_board *b, unsigned int i,
			      unsigned int j)
{
	return ktime_us_delta(hpa380_model_xfer(b->model, j)->time,
			      hpa380_model_xfer(b->model, i)->time);
}

/*
 * Datasheet section 7, with its times: reference, t_REF (10 ms at most),
 * inputs, stages; down, the stages' soft-stop (t_RAMP, 5 ms at most) before
 * the inputs and the reference go.
 */
static void stream_powers_up_and_down_in_datasheet_order(struct kunit *test)
{
	struct hpa380_board *b = test->priv;

	hpa380_board_plug(b, "Headphone Jack");
	hpa380_model_log_clear(b->model);
	hpa380_board_stream_start(b);
	KUNIT_ASSERT_EQ(test, hpa380_model_xfer_count(b->model), 3);
	hpa380_board_expect_write(b, 0, POWER, 0x01);
	hpa380_board_expect_write(b, 1, POWER, 0x07);
	hpa380_board_expect_write(b, 2, OUT_EN, PLUS_STAGES);
	KUNIT_EXPECT_GE(test, hpa380_test_gap_us(b, 0, 1), 10000);

	hpa380_model_log_clear(b->model);
	hpa380_board_stream_stop(b);
	KUNIT_ASSERT_EQ(test, hpa380_model_xfer_count(b->model), 3);
	hpa380_board_expect_write(b, 0, OUT_EN, 0x00);
	hpa380_board_expect_write(b, 1, POWER, 0x01);
	hpa380_board_expect_write(b, 2, POWER, 0x00);
	KUNIT_EXPECT_GE(test, hpa380_test_gap_us(b, 0, 1), 5000);
}

/* With no stream the chip stays in standby, plugged or not. */
static void standby_with_nothing_playing(struct kunit *test)
{
	struct hpa380_board *b = test->priv;

	KUNIT_ASSERT_EQ(test, hpa380_board_put(b, SWITCH, 1, 1), 1);
	KUNIT_ASSERT_EQ(test, hpa380_board_put(b, VOLUME, 160, 160), 1);
	KUNIT_EXPECT_EQ(test, hpa380_model_peek(b->model, POWER), 0);
	KUNIT_EXPECT_EQ(test, hpa380_model_peek(b->model, OUT_EN), 0);
	hpa380_board_plug(b, "Headphone Jack");
	hpa380_board_plug(b, "Balanced Headphone Jack");
	KUNIT_EXPECT_EQ(test, hpa380_model_peek(b->model, POWER), 0);
	KUNIT_EXPECT_EQ(test, hpa380_model_peek(b->model, OUT_EN), 0);
}

/* A stream with both jacks empty powers nothing: no jack, no path. */
static void stream_with_no_plug_powers_nothing(struct kunit *test)
{
	struct hpa380_board *b = test->priv;

	hpa380_board_stream_start(b);
	KUNIT_EXPECT_EQ(test, hpa380_model_peek(b->model, POWER), 0);
	KUNIT_EXPECT_EQ(test, hpa380_model_peek(b->model, OUT_EN), 0);
	KUNIT_EXPECT_EQ(test, hpa380_model_xfer_count(b->model), 0);
	hpa380_board_stream_stop(b);
}

/* The stages of a jack follow its plug while the stream plays. */
static void stages_follow_the_plug_while_playing(struct kunit *test)
{
	struct hpa380_board *b = test->priv;

	KUNIT_ASSERT_EQ(test, hpa380_board_put(b, ROUTE, 1, 0), 1);
	hpa380_board_stream_start(b);
	hpa380_board_plug(b, "Balanced Headphone Jack");
	KUNIT_EXPECT_EQ(test, hpa380_model_peek(b->model, OUT_EN), ALL_STAGES);
	hpa380_model_unplug(b->model, HPA380_MODEL_JACK_BAL);
	msleep(50);
	KUNIT_EXPECT_EQ(test, hpa380_model_peek(b->model, OUT_EN), 0);
	KUNIT_EXPECT_EQ(test, hpa380_model_peek(b->model, POWER), 0);
	hpa380_board_stream_stop(b);
}

/* After the stream closes the chip stays up for the card's pmdown_time. */
static void stream_close_powers_down_after_pmdown_time(struct kunit *test)
{
	struct hpa380_board *b = test->priv;

	hpa380_board_plug(b, "Headphone Jack");
	hpa380_board_stream_start(b);
	hpa380_board_stream_close(b);
	msleep(HPA380_BOARD_PMDOWN_MS / 2);
	KUNIT_EXPECT_EQ(test, hpa380_model_peek(b->model, OUT_EN), PLUS_STAGES);
	msleep(HPA380_BOARD_PMDOWN_MS + 100);
	KUNIT_EXPECT_EQ(test, hpa380_model_peek(b->model, OUT_EN), 0);
	KUNIT_EXPECT_EQ(test, hpa380_model_peek(b->model, POWER), 0);
}

/*
 * A client that frees the stream's hardware and keeps the PCM open: the
 * outputs go down after the pmdown time all the same, and a measurement is
 * refused while it is open, allowed once it is closed.
 */
static void stream_hw_freed_but_open_powers_down(struct kunit *test)
{
	struct hpa380_board *b = test->priv;

	hpa380_board_plug(b, "Headphone Jack");
	hpa380_board_stream_start(b);
	hpa380_board_stream_hw_free(b);
	flush_delayed_work(&b->rtd->delayed_work);
	KUNIT_EXPECT_EQ(test, hpa380_model_peek(b->model, OUT_EN), 0);
	KUNIT_EXPECT_EQ(test, hpa380_model_peek(b->model, POWER), 0);
	KUNIT_EXPECT_EQ(test, hpa380_board_put(b, "Headphone Load Detect Switch",
					       1, 0), -EBUSY);
	hpa380_board_stream_release(b);
	KUNIT_EXPECT_EQ(test, hpa380_board_put(b, "Headphone Load Detect Switch",
					       1, 0), 1);
	msleep(200);
}

/* A mode change and DAPM exclude each other (datasheet 8: check, change). */
struct hpa380_put_thread {
	struct hpa380_board *b;
	struct completion done;
	int ret;
};

static int hpa380_test_put_gain(void *data)
{
	struct hpa380_put_thread *t = data;

	t->ret = hpa380_board_put(t->b, GAIN, 1, 0);
	complete(&t->done);
	return 0;
}

static void mode_change_waits_for_dapm(struct kunit *test)
{
	struct hpa380_board *b = test->priv;
	struct hpa380_put_thread t = { .b = b };
	struct task_struct *task;

	init_completion(&t.done);
	snd_soc_dapm_mutex_lock(&b->card->dapm);
	task = kthread_run(hpa380_test_put_gain, &t, "hpa380-put");
	KUNIT_ASSERT_FALSE(test, IS_ERR(task));
	msleep(50);
	KUNIT_EXPECT_EQ(test, hpa380_model_xfer_count(b->model), 0);
	snd_soc_dapm_mutex_unlock(&b->card->dapm);
	wait_for_completion(&t.done);
	KUNIT_EXPECT_EQ(test, t.ret, 1);
	KUNIT_EXPECT_EQ(test, hpa380_model_peek(b->model, OUT_CFG), GAIN_HIGH);
}

static struct kunit_case hpa380_traffic_cases[] = {
	KUNIT_CASE_PARAM(idle_mode_change_is_one_write, hpa380_mode_gen_params),
	KUNIT_CASE_PARAM(mode_change_while_playing_mutes_waits_changes_restores,
			 hpa380_mode_gen_params),
	KUNIT_CASE(mode_change_while_playing_muted_is_one_write),
	KUNIT_CASE(balanced_route_powers_minus_stages_only_when_balanced),
	KUNIT_CASE(stream_powers_up_and_down_in_datasheet_order),
	KUNIT_CASE(standby_with_nothing_playing),
	KUNIT_CASE(stream_with_no_plug_powers_nothing),
	KUNIT_CASE(stages_follow_the_plug_while_playing),
	KUNIT_CASE(stream_close_powers_down_after_pmdown_time),
	KUNIT_CASE(stream_hw_freed_but_open_powers_down),
	KUNIT_CASE(mode_change_waits_for_dapm),
	{}
};

static struct kunit_suite hpa380_traffic_suite = {
	.name = "hpa380-traffic",
	.init = hpa380_board_fixture_init,
	.exit = hpa380_board_fixture_exit,
	.test_cases = hpa380_traffic_cases,
};

/* ---- power management ---- */

static void hpa380_test_change_some_controls(struct kunit *test,
					     struct hpa380_board *b)
{
	KUNIT_ASSERT_EQ(test, hpa380_board_put(b, VOLUME, 150, 140), 1);
	KUNIT_ASSERT_EQ(test, hpa380_board_put(b, GAIN, 1, 0), 1);
}

/*
 * After power-up: reset, then only the registers that differ from reset,
 * here three neighbours in one burst. (Jack sense may read on after.)
 */
static void hpa380_test_expect_restore(struct kunit *test, struct hpa380_board *b)
{
	static const u8 changed[] = { GAIN_HIGH, 150, 140 };

	KUNIT_ASSERT_GE(test, hpa380_model_xfer_count(b->model), 2);
	hpa380_board_expect_write(b, 0, SW_RESET, 0x01);
	hpa380_board_expect_burst(b, 1, OUT_CFG, changed, sizeof(changed));
}

static void system_sleep_powers_off_and_restores_changes(struct kunit *test)
{
	struct hpa380_board *b = test->priv;

	hpa380_test_change_some_controls(test, b);
	hpa380_board_system_suspend(b);
	KUNIT_EXPECT_FALSE(test, hpa380_board_supplies_on(b));
	hpa380_model_log_clear(b->model);

	hpa380_board_system_resume(b);
	KUNIT_EXPECT_TRUE(test, hpa380_board_supplies_on(b));
	hpa380_test_expect_restore(test, b);
	hpa380_board_expect_cache_matches_chip(b);
}

static void changes_while_suspended_reach_the_chip_on_resume(struct kunit *test)
{
	struct hpa380_board *b = test->priv;

	hpa380_board_system_suspend(b);
	hpa380_model_log_clear(b->model);
	hpa380_test_change_some_controls(test, b);
	KUNIT_EXPECT_EQ(test, hpa380_model_xfer_count(b->model), 0);

	hpa380_board_system_resume(b);
	hpa380_test_expect_restore(test, b);
	hpa380_board_expect_cache_matches_chip(b);
}

/*
 * While a stream plays: the outputs go down in sequence before the chip
 * loses power (no pop; the chip model counts a power cut with a stage on),
 * and come back in sequence after (regcache_sync() does not switch the
 * stages on with the reference). The stream plays on.
 */
static void system_sleep_while_playing_makes_no_pop(struct kunit *test)
{
	struct hpa380_board *b = test->priv;

	hpa380_board_start_playing(b, "Balanced Headphone Jack");
	KUNIT_ASSERT_EQ(test, hpa380_board_put(b, ROUTE, 1, 0), 1);
	KUNIT_ASSERT_EQ(test, hpa380_model_peek(b->model, OUT_EN), ALL_STAGES);

	hpa380_board_system_suspend(b);
	KUNIT_EXPECT_FALSE(test, hpa380_board_supplies_on(b));
	KUNIT_EXPECT_EQ(test, hpa380_model_pops(b->model), 0);

	hpa380_board_system_resume(b);
	KUNIT_EXPECT_EQ(test, hpa380_model_peek(b->model, POWER), 0x07);
	KUNIT_EXPECT_EQ(test, hpa380_model_peek(b->model, OUT_EN), ALL_STAGES);
	KUNIT_EXPECT_EQ(test, hpa380_model_pops(b->model), 0);
	hpa380_board_expect_cache_matches_chip(b);
	hpa380_board_stream_stop(b);
}

/*
 * A resume that fails on the bus leaves the chip off and its interrupt
 * disabled; the next resume enables it once (depth 0), and events arrive.
 */
static void failed_resume_then_resume_gets_events(struct kunit *test)
{
	struct hpa380_board *b = test->priv;
	struct device *dev = &b->client->dev;
	struct irq_desc *desc = irq_to_desc(b->client->irq);

	pm_runtime_get_noresume(dev);
	KUNIT_ASSERT_EQ(test, 0, pm_runtime_force_suspend(dev));
	hpa380_model_fail_xfer(b->model, 1, -EIO);
	KUNIT_EXPECT_NE(test, 0, pm_runtime_force_resume(dev));
	KUNIT_EXPECT_TRUE(test, pm_runtime_suspended(dev));
	KUNIT_ASSERT_EQ(test, 0, pm_runtime_resume(dev));
	pm_runtime_put_noidle(dev);
	KUNIT_EXPECT_EQ(test, desc->depth, 0);
	hpa380_board_plug(b, "Headphone Jack");
}

/* What orders the two: the card is a consumer of the amplifier. */
static void card_suspends_before_the_amplifier(struct kunit *test)
{
	KUNIT_EXPECT_TRUE(test, hpa380_board_card_after_amp(test->priv));
}

static void card_keeps_the_chip_powered_for_jack_sense(struct kunit *test)
{
	struct hpa380_board *b = test->priv;
	struct device *dev = &b->client->dev;

	pm_runtime_put(dev);
	/* Autosuspend would cut it after 1 s; give it 3 s. */
	msleep(3000);
	KUNIT_EXPECT_FALSE(test, pm_runtime_suspended(dev));
	KUNIT_EXPECT_TRUE(test, hpa380_board_supplies_on(b));
	KUNIT_ASSERT_EQ(test, 0, pm_runtime_resume_and_get(dev));
}

static void chip_autosuspends_once_the_card_is_gone(struct kunit *test)
{
	struct hpa380_board *b = test->priv;
	struct device *dev = &b->client->dev;

	hpa380_board_remove_card(b);
	pm_runtime_put(dev);
	msleep(3000);
	KUNIT_EXPECT_TRUE(test, pm_runtime_suspended(dev));
	KUNIT_EXPECT_FALSE(test, hpa380_board_supplies_on(b));
	KUNIT_ASSERT_EQ(test, 0, pm_runtime_resume_and_get(dev));
}

static struct kunit_case hpa380_pm_cases[] = {
	KUNIT_CASE(system_sleep_powers_off_and_restores_changes),
	KUNIT_CASE(changes_while_suspended_reach_the_chip_on_resume),
	KUNIT_CASE(system_sleep_while_playing_makes_no_pop),
	KUNIT_CASE(card_suspends_before_the_amplifier),
	KUNIT_CASE(failed_resume_then_resume_gets_events),
	KUNIT_CASE_SLOW(card_keeps_the_chip_powered_for_jack_sense),
	KUNIT_CASE_SLOW(chip_autosuspends_once_the_card_is_gone),
	{}
};

static struct kunit_suite hpa380_pm_suite = {
	.name = "hpa380-pm",
	.init = hpa380_board_fixture_init,
	.exit = hpa380_board_fixture_exit,
	.test_cases = hpa380_pm_cases,
};

/* ---- a bus error at every transfer of every put ---- */

struct hpa380_err_case {
	const char *desc;
	const char *name;
	long left, right;
	bool playing;
};

static const struct hpa380_err_case hpa380_err_cases[] = {
	{ "volume", VOLUME, 120, 130, false },
	{ "switch", SWITCH, 1, 1, false },
	{ "gain idle", GAIN, 1, 0, false },
	{ "gain playing", GAIN, 1, 0, true },
	{ "limit playing", LIMIT, 2, 0, true },
	{ "route idle", ROUTE, 1, 0, false },
	{ "route playing", ROUTE, 1, 0, true },
};

KUNIT_ARRAY_PARAM_DESC(hpa380_err, hpa380_err_cases, desc);

/*
 * Find out how many transfers the put costs, then replay it with each of
 * them failing in turn: the put reports the error (except where DAPM itself
 * writes a stage enable: DAPM logs its own errors), and the cache agrees
 * with the chip afterwards.
 */
static void put_survives_bus_error_at_every_transfer(struct kunit *test)
{
	const struct hpa380_err_case *c = test->param_value;
	struct hpa380_board *b = test->priv;
	unsigned int n, transfers;
	int ret;

	if (c->playing)
		hpa380_board_start_playing(b, "Balanced Headphone Jack");
	KUNIT_ASSERT_EQ(test, hpa380_board_put(b, c->name, c->left, c->right), 1);
	transfers = hpa380_model_xfer_count(b->model);
	KUNIT_ASSERT_GT(test, transfers, 0);

	for (n = 1; n <= transfers; n++) {
		const struct hpa380_model_xfer *x;

		/* Back to the starting point. */
		hpa380_board_put(b, c->name, 0, 0);
		hpa380_model_log_clear(b->model);

		hpa380_model_fail_xfer(b->model, n, -EIO);
		ret = hpa380_board_put(b, c->name, c->left, c->right);
		x = hpa380_model_xfer(b->model, n - 1);
		KUNIT_ASSERT_NOT_NULL(test, x);
		KUNIT_EXPECT_EQ(test, x->result, -EIO);
		if (x->reg == OUT_EN)
			KUNIT_EXPECT_EQ_MSG(test, ret, 1, "xfer %u", n);
		else
			KUNIT_EXPECT_EQ_MSG(test, ret, -EIO, "xfer %u", n);

		if (x->reg != OUT_EN)
			hpa380_board_expect_cache_matches_chip(b);
		/* The next put of the same value is not lost. */
		hpa380_board_put(b, c->name, c->left, c->right);
		KUNIT_EXPECT_EQ_MSG(test, hpa380_board_get(b, c->name, 0), c->left,
				    "xfer %u", n);
	}
	hpa380_board_expect_cache_matches_chip(b);
}

static struct kunit_case hpa380_bus_error_cases[] = {
	KUNIT_CASE_PARAM(put_survives_bus_error_at_every_transfer,
			 hpa380_err_gen_params),
	{}
};

static struct kunit_suite hpa380_bus_error_suite = {
	.name = "hpa380-bus-errors",
	.init = hpa380_board_fixture_init,
	.exit = hpa380_board_fixture_exit,
	.test_cases = hpa380_bus_error_cases,
};

kunit_test_suites(&hpa380_probe_suite, &hpa380_control_suite,
		  &hpa380_traffic_suite, &hpa380_pm_suite,
		  &hpa380_bus_error_suite);

MODULE_DESCRIPTION("KUnit tests for the HPA380 driver");
MODULE_LICENSE("GPL");
