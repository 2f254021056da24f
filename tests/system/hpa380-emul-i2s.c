// SPDX-License-Identifier: GPL-2.0-only
/*
 * The emulated Pi's I2S controller, a CPU DAI for the overlay's card: the
 * nodes labelled i2s_clk_producer and i2s_clk_consumer in the test's base
 * tree, as on a Pi 5, where only the first can drive BCLK and LRCLK
 * ("hpamp,clock-consumer-only" marks the other, which refuses to).
 *
 * Its PCM plays in real time: a timer stands in for the DMA and the bit
 * clock, consuming frames at the stream's rate, one period per tick, so
 * aplay and speaker-test take as long as on a Pi and drain normally.
 *
 * debugfs i2s-<node>: the clocking set by the card, the last stream's
 * parameters, the streams started, and the frames consumed since the last
 * write to the file (frames are counted as the bit clock runs, so a stream
 * that stops in the middle of a period has consumed the whole period), and
 * how long the bit clock ran; all_streams and all_running_ms count since
 * the controller was bound.
 */

#include <linux/debugfs.h>
#include <linux/hrtimer.h>
#include <linux/ktime.h>
#include <linux/math64.h>
#include <linux/mod_devicetable.h>
#include <linux/module.h>
#include <linux/platform_device.h>
#include <linux/property.h>
#include <linux/seq_file.h>
#include <linux/spinlock.h>
#include <sound/pcm.h>
#include <sound/pcm_params.h>
#include <sound/soc.h>

#include "hpa380-emul.h"

struct hpa380_emul_i2s {
	struct device *dev;
	bool consumer_only;
	struct hrtimer timer;
	struct dentry *debugfs;

	spinlock_t lock;		/* everything below */
	unsigned int dai_fmt;
	struct snd_pcm_substream *substream;	/* while running */
	ktime_t period;
	ktime_t last;			/* position last brought up to date */
	u64 rem;			/* ns x rate not yet a whole frame */
	snd_pcm_uframes_t pos;		/* in the buffer */
	snd_pcm_uframes_t to_period;	/* frames left in the current period */
	unsigned int rate, channels, width;
	unsigned int streams;
	u64 frames;
	u64 running_ns;			/* time the bit clock ran */
	/* The same two since the controller was bound, never reset. */
	unsigned int all_streams;
	u64 all_running_ns;
};

static const struct snd_pcm_hardware hpa380_emul_i2s_hw = {
	.info = SNDRV_PCM_INFO_MMAP | SNDRV_PCM_INFO_MMAP_VALID |
		SNDRV_PCM_INFO_INTERLEAVED | SNDRV_PCM_INFO_BLOCK_TRANSFER |
		SNDRV_PCM_INFO_PAUSE | SNDRV_PCM_INFO_RESUME,
	.buffer_bytes_max = 512 * 1024,
	.period_bytes_min = 256,
	.period_bytes_max = 128 * 1024,
	.periods_min = 2,
	.periods_max = 64,
};

/*
 * Bring the position up to @now: the frames the bit clock has sent since
 * the last update. Returns whether a period ended.
 */
static bool hpa380_emul_i2s_advance(struct hpa380_emul_i2s *i2s, ktime_t now)
{
	struct snd_pcm_runtime *runtime = i2s->substream->runtime;
	u64 ns_rate = (u64)ktime_to_ns(ktime_sub(now, i2s->last)) * i2s->rate +
		      i2s->rem;
	u64 frames = div64_u64_rem(ns_rate, NSEC_PER_SEC, &i2s->rem);
	bool period = frames >= i2s->to_period;

	i2s->running_ns += ktime_to_ns(ktime_sub(now, i2s->last));
	i2s->all_running_ns += ktime_to_ns(ktime_sub(now, i2s->last));
	i2s->last = now;
	i2s->frames += frames;
	i2s->pos = (i2s->pos + frames) % runtime->buffer_size;
	if (!period) {
		i2s->to_period -= frames;
		return false;
	}
	frames -= i2s->to_period;
	i2s->to_period = runtime->period_size - frames % runtime->period_size;
	return true;
}

static enum hrtimer_restart hpa380_emul_i2s_tick(struct hrtimer *timer)
{
	struct hpa380_emul_i2s *i2s = container_of(timer, struct hpa380_emul_i2s,
						   timer);
	struct snd_pcm_substream *substream;
	unsigned long flags;
	bool period;

	spin_lock_irqsave(&i2s->lock, flags);
	substream = i2s->substream;
	if (!substream) {
		spin_unlock_irqrestore(&i2s->lock, flags);
		return HRTIMER_NORESTART;
	}
	period = hpa380_emul_i2s_advance(i2s, ktime_get());
	spin_unlock_irqrestore(&i2s->lock, flags);

	if (period)
		snd_pcm_period_elapsed(substream);
	hrtimer_forward_now(timer, i2s->period);
	return HRTIMER_RESTART;
}

static struct hpa380_emul_i2s *hpa380_emul_i2s_of(struct snd_soc_component *c)
{
	return snd_soc_component_get_drvdata(c);
}

static int hpa380_emul_i2s_open(struct snd_soc_component *component,
				struct snd_pcm_substream *substream)
{
	return snd_soc_set_runtime_hwparams(substream, &hpa380_emul_i2s_hw);
}

static int hpa380_emul_i2s_hw_params(struct snd_soc_component *component,
				     struct snd_pcm_substream *substream,
				     struct snd_pcm_hw_params *params)
{
	struct hpa380_emul_i2s *i2s = hpa380_emul_i2s_of(component);
	unsigned long flags;

	spin_lock_irqsave(&i2s->lock, flags);
	i2s->rate = params_rate(params);
	i2s->channels = params_channels(params);
	i2s->width = params_width(params);
	i2s->period = ns_to_ktime(div_u64((u64)params_period_size(params) *
					  NSEC_PER_SEC, i2s->rate));
	spin_unlock_irqrestore(&i2s->lock, flags);
	return 0;
}

static int hpa380_emul_i2s_prepare(struct snd_soc_component *component,
				   struct snd_pcm_substream *substream)
{
	struct hpa380_emul_i2s *i2s = hpa380_emul_i2s_of(component);
	unsigned long flags;

	spin_lock_irqsave(&i2s->lock, flags);
	i2s->pos = 0;
	i2s->rem = 0;
	i2s->to_period = substream->runtime->period_size;
	spin_unlock_irqrestore(&i2s->lock, flags);
	return 0;
}

/* Atomic: the timer is stopped here and waited for in sync_stop. */
static int hpa380_emul_i2s_trigger(struct snd_soc_component *component,
				   struct snd_pcm_substream *substream, int cmd)
{
	struct hpa380_emul_i2s *i2s = hpa380_emul_i2s_of(component);
	unsigned long flags;

	spin_lock_irqsave(&i2s->lock, flags);
	switch (cmd) {
	case SNDRV_PCM_TRIGGER_START:
		i2s->streams++;
		i2s->all_streams++;
		fallthrough;
	case SNDRV_PCM_TRIGGER_RESUME:
	case SNDRV_PCM_TRIGGER_PAUSE_RELEASE:
		i2s->substream = substream;
		i2s->last = ktime_get();
		hrtimer_start(&i2s->timer, i2s->period, HRTIMER_MODE_REL_SOFT);
		break;
	case SNDRV_PCM_TRIGGER_STOP:
	case SNDRV_PCM_TRIGGER_SUSPEND:
	case SNDRV_PCM_TRIGGER_PAUSE_PUSH:
		if (i2s->substream)
			hpa380_emul_i2s_advance(i2s, ktime_get());
		i2s->substream = NULL;
		hrtimer_try_to_cancel(&i2s->timer);
		break;
	default:
		spin_unlock_irqrestore(&i2s->lock, flags);
		return -EINVAL;
	}
	spin_unlock_irqrestore(&i2s->lock, flags);
	return 0;
}

static int hpa380_emul_i2s_sync_stop(struct snd_soc_component *component,
				     struct snd_pcm_substream *substream)
{
	hrtimer_cancel(&hpa380_emul_i2s_of(component)->timer);
	return 0;
}

static snd_pcm_uframes_t
hpa380_emul_i2s_pointer(struct snd_soc_component *component,
			struct snd_pcm_substream *substream)
{
	struct hpa380_emul_i2s *i2s = hpa380_emul_i2s_of(component);
	snd_pcm_uframes_t pos;
	unsigned long flags;

	spin_lock_irqsave(&i2s->lock, flags);
	if (i2s->substream)
		hpa380_emul_i2s_advance(i2s, ktime_get());
	pos = i2s->pos;
	spin_unlock_irqrestore(&i2s->lock, flags);
	return pos;
}

static int hpa380_emul_i2s_construct(struct snd_soc_component *component,
				     struct snd_soc_pcm_runtime *rtd)
{
	snd_pcm_set_managed_buffer_all(rtd->pcm, SNDRV_DMA_TYPE_VMALLOC, NULL,
				       0, 0);
	return 0;
}

static const struct snd_soc_component_driver hpa380_emul_i2s_component = {
	.name = "hpa380-emul-i2s",
	.open = hpa380_emul_i2s_open,
	.hw_params = hpa380_emul_i2s_hw_params,
	.prepare = hpa380_emul_i2s_prepare,
	.trigger = hpa380_emul_i2s_trigger,
	.sync_stop = hpa380_emul_i2s_sync_stop,
	.pointer = hpa380_emul_i2s_pointer,
	.pcm_construct = hpa380_emul_i2s_construct,
};

/* I2S only; a controller wired as consumer cannot drive the clocks. */
static int hpa380_emul_i2s_set_fmt(struct snd_soc_dai *dai, unsigned int fmt)
{
	struct hpa380_emul_i2s *i2s = snd_soc_dai_get_drvdata(dai);
	unsigned int clocks = fmt & SND_SOC_DAIFMT_CLOCK_PROVIDER_MASK;
	unsigned long flags;

	if ((fmt & SND_SOC_DAIFMT_FORMAT_MASK) != SND_SOC_DAIFMT_I2S)
		return -EINVAL;
	if (clocks != SND_SOC_DAIFMT_BP_FP && clocks != SND_SOC_DAIFMT_BC_FC)
		return -EINVAL;
	if (clocks == SND_SOC_DAIFMT_BP_FP && i2s->consumer_only) {
		dev_err(i2s->dev, "cannot drive BCLK and LRCLK\n");
		return -EINVAL;
	}
	spin_lock_irqsave(&i2s->lock, flags);
	i2s->dai_fmt = fmt;
	spin_unlock_irqrestore(&i2s->lock, flags);
	return 0;
}

static const struct snd_soc_dai_ops hpa380_emul_i2s_dai_ops = {
	.set_fmt = hpa380_emul_i2s_set_fmt,
};

/* What a Pi's I2S block takes. */
static struct snd_soc_dai_driver hpa380_emul_i2s_dai = {
	.name = "hpa380-emul-i2s",
	.playback = {
		.channels_min = 2,
		.channels_max = 2,
		.rates = SNDRV_PCM_RATE_8000_384000,
		.formats = SNDRV_PCM_FMTBIT_S16_LE | SNDRV_PCM_FMTBIT_S24_LE |
			   SNDRV_PCM_FMTBIT_S32_LE,
	},
	.ops = &hpa380_emul_i2s_dai_ops,
};

static int hpa380_emul_i2s_show(struct seq_file *s, void *unused)
{
	struct hpa380_emul_i2s *i2s = s->private;
	unsigned int clocks;
	unsigned long flags;

	spin_lock_irqsave(&i2s->lock, flags);
	if (i2s->substream)
		hpa380_emul_i2s_advance(i2s, ktime_get());
	clocks = i2s->dai_fmt & SND_SOC_DAIFMT_CLOCK_PROVIDER_MASK;
	seq_printf(s, "clocks %s\nrunning %d\nrate %u\nchannels %u\nwidth %u\nstreams %u\nframes %llu\nrunning_ms %llu\nall_streams %u\nall_running_ms %llu\n",
		   !i2s->dai_fmt ? "unset" :
		   clocks == SND_SOC_DAIFMT_BP_FP ? "provider" : "consumer",
		   !!i2s->substream, i2s->rate, i2s->channels, i2s->width,
		   i2s->streams, i2s->frames,
		   div_u64(i2s->running_ns, NSEC_PER_MSEC), i2s->all_streams,
		   div_u64(i2s->all_running_ns, NSEC_PER_MSEC));
	spin_unlock_irqrestore(&i2s->lock, flags);
	return 0;
}

static int hpa380_emul_i2s_stats_open(struct inode *inode, struct file *file)
{
	return single_open(file, hpa380_emul_i2s_show, inode->i_private);
}

/* Any write starts a new count. */
static ssize_t hpa380_emul_i2s_stats_write(struct file *file,
					   const char __user *ubuf, size_t len,
					   loff_t *ppos)
{
	struct hpa380_emul_i2s *i2s = ((struct seq_file *)file->private_data)->private;
	unsigned long flags;

	spin_lock_irqsave(&i2s->lock, flags);
	if (i2s->substream)
		hpa380_emul_i2s_advance(i2s, ktime_get());
	i2s->frames = 0;
	i2s->streams = 0;
	i2s->running_ns = 0;
	spin_unlock_irqrestore(&i2s->lock, flags);
	return len;
}

static const struct file_operations hpa380_emul_i2s_stats_fops = {
	.owner = THIS_MODULE,
	.open = hpa380_emul_i2s_stats_open,
	.read = seq_read,
	.write = hpa380_emul_i2s_stats_write,
	.llseek = seq_lseek,
	.release = single_release,
};

static void hpa380_emul_i2s_unbind(void *data)
{
	struct hpa380_emul_i2s *i2s = data;

	debugfs_remove(i2s->debugfs);
	hrtimer_cancel(&i2s->timer);
}

static int hpa380_emul_i2s_probe(struct platform_device *pdev)
{
	struct device *dev = &pdev->dev;
	struct hpa380_emul_i2s *i2s;
	char name[48];
	int ret;

	i2s = devm_kzalloc(dev, sizeof(*i2s), GFP_KERNEL);
	if (!i2s)
		return -ENOMEM;
	i2s->dev = dev;
	i2s->consumer_only = device_property_read_bool(dev,
						       "hpamp,clock-consumer-only");
	spin_lock_init(&i2s->lock);
#ifdef HPA380_HRTIMER_SETUP	/* see Makefile */
	hrtimer_setup(&i2s->timer, hpa380_emul_i2s_tick, CLOCK_MONOTONIC,
		      HRTIMER_MODE_REL_SOFT);
#else
	hrtimer_init(&i2s->timer, CLOCK_MONOTONIC, HRTIMER_MODE_REL_SOFT);
	i2s->timer.function = hpa380_emul_i2s_tick;
#endif
	dev_set_drvdata(dev, i2s);

	snprintf(name, sizeof(name), "i2s-%pfwP", dev_fwnode(dev));
	i2s->debugfs = debugfs_create_file(name, 0600, hpa380_emul_debugfs(),
					   i2s, &hpa380_emul_i2s_stats_fops);
	ret = devm_add_action_or_reset(dev, hpa380_emul_i2s_unbind, i2s);
	if (ret)
		return ret;
	return devm_snd_soc_register_component(dev, &hpa380_emul_i2s_component,
					       &hpa380_emul_i2s_dai, 1);
}

static const struct of_device_id hpa380_emul_i2s_of_match[] = {
	{ .compatible = "hpamp,hpa380-emul-i2s" },
	{ }
};
MODULE_DEVICE_TABLE(of, hpa380_emul_i2s_of_match);

struct platform_driver hpa380_emul_i2s_driver = {
	.driver = {
		.name = "hpa380-emul-i2s",
		.of_match_table = hpa380_emul_i2s_of_match,
	},
	.probe = hpa380_emul_i2s_probe,
};
