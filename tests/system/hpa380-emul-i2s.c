// SPDX-License-Identifier: GPL-2.0-only
/*
 * The emulated Pi's I2S controller, a CPU DAI for the overlay's card: the
 * nodes labelled i2s_clk_producer and i2s_clk_consumer in the test's base
 * tree, as on a Pi 5, where only the first can drive BCLK and LRCLK
 * ("hpamp,clock-consumer-only" marks the other, which refuses to).
 *
 * Its PCM plays in real time: a timer stands in for the DMA and the bit
 * clock, consuming frames at the stream's rate (it ticks every period, or
 * every 5 ms if that is sooner), so aplay and speaker-test take as long as
 * on a Pi and drain normally.
 *
 * What the bit clock plays is what the DAC plays into the chip's INL/INR:
 * each tick hands the chip model the frames that will play until a little
 * after the next tick (as far as the application has written them), with
 * the time the first of them plays, and a stop tells it when the sound
 * ends. The tick (softirq, under the controller's lock) only queues them;
 * a work item passes them on under the HAT's lock, which the model lives
 * under, so that no lock of the controller is ever held into the model's.
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
#include <linux/kfifo.h>
#include <linux/ktime.h>
#include <linux/math64.h>
#include <linux/mod_devicetable.h>
#include <linux/module.h>
#include <linux/platform_device.h>
#include <linux/property.h>
#include <linux/seq_file.h>
#include <linux/sizes.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>
#include <sound/pcm.h>
#include <sound/pcm_params.h>
#include <sound/soc.h>

#include "../model/hpa380-model.h"
#include "hpa380-emul.h"

/* How far ahead of the bit clock the chip model gets the frames. */
#define HPA380_EMUL_I2S_TICK_NS		(5 * NSEC_PER_MSEC)
#define HPA380_EMUL_I2S_AHEAD_NS	(50 * NSEC_PER_MSEC)
/* The queue to the model, in 32-bit words: records of a header and frames. */
#define HPA380_EMUL_I2S_FEED_WORDS	SZ_64K
#define HPA380_EMUL_I2S_FEED_CHUNK	1024	/* frames per push */

/* A record's header: frames (0: the sound ends at t), rate, t. */
struct hpa380_emul_i2s_feed_hdr {
	u32 frames;
	u32 rate;
	s64 t;
};

#define HPA380_EMUL_I2S_HDR_WORDS	(sizeof(struct hpa380_emul_i2s_feed_hdr) / 4)

struct hpa380_emul_i2s {
	struct device *dev;
	bool consumer_only;
	struct hrtimer timer;
	struct dentry *debugfs;

	spinlock_t lock;		/* everything below */
	unsigned int dai_fmt;
	struct snd_pcm_substream *substream;	/* while running */
	ktime_t period;
	ktime_t tick;			/* the timer's: the period, 5 ms at most */
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

	/* Frames to the chip model (what the DAC plays). */
	u64 stream_pos;			/* frames the bit clock sent since prepare */
	u64 fed;			/* ... and handed on */
	ktime_t anchor_t;		/* when frame anchor_pos played */
	u64 anchor_pos;
	DECLARE_KFIFO_PTR(feed, u32);
	struct work_struct feed_work;
	s32 *feed_buf;			/* the work's, FEED_CHUNK frames */
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
	i2s->stream_pos += frames;
	i2s->pos = (i2s->pos + frames) % runtime->buffer_size;
	if (!period) {
		i2s->to_period -= frames;
		return false;
	}
	frames -= i2s->to_period;
	i2s->to_period = runtime->period_size - frames % runtime->period_size;
	return true;
}

/* One frame of the buffer as the DAC takes it: full scale S32_MAX. */
static void hpa380_emul_i2s_frame(struct snd_pcm_runtime *runtime, u64 pos,
				  s32 out[2])
{
	const u8 *p;
	u32 off;
	int ch;

	div_u64_rem(pos, runtime->buffer_size, &off);
	p = runtime->dma_area + frames_to_bytes(runtime, off);

	for (ch = 0; ch < 2; ch++) {
		switch (runtime->format) {
		case SNDRV_PCM_FORMAT_S16_LE:
			out[ch] = (s32)le16_to_cpup((const __le16 *)p + ch) << 16;
			break;
		case SNDRV_PCM_FORMAT_S24_LE:	/* in the low 3 bytes of 4 */
			out[ch] = (s32)(le32_to_cpup((const __le32 *)p + ch) << 8);
			break;
		default:			/* S32_LE */
			out[ch] = le32_to_cpup((const __le32 *)p + ch);
			break;
		}
	}
}

/* Queue a record for the chip model; false if it does not fit. */
static bool hpa380_emul_i2s_queue(struct hpa380_emul_i2s *i2s, u32 frames,
				  ktime_t t)
{
	struct hpa380_emul_i2s_feed_hdr hdr = {
		.frames = frames, .rate = i2s->rate, .t = ktime_to_ns(t),
	};

	if (kfifo_avail(&i2s->feed) < HPA380_EMUL_I2S_HDR_WORDS + 2 * frames)
		return false;
	kfifo_in(&i2s->feed, (u32 *)&hdr, HPA380_EMUL_I2S_HDR_WORDS);
	return true;
}

/*
 * Under the lock, the stream running: queue the frames that play from the
 * last ones queued to a little after the next tick, those the application
 * has written.
 */
static void hpa380_emul_i2s_feed(struct hpa380_emul_i2s *i2s)
{
	struct snd_pcm_runtime *runtime = i2s->substream->runtime;
	snd_pcm_uframes_t appl = READ_ONCE(runtime->control->appl_ptr);
	u64 end, n, k, wrapped;
	s64 ahead;
	s32 frame[2];
	ktime_t t;

	div64_u64_rem(i2s->stream_pos, runtime->boundary, &wrapped);
	ahead = (s64)appl - (s64)wrapped;
	/* Written ahead of the bit clock, within a boundary either way. */
	if (ahead < -(s64)(runtime->boundary / 2))
		ahead += runtime->boundary;
	else if (ahead > (s64)(runtime->boundary / 2))
		ahead -= runtime->boundary;
	end = i2s->stream_pos + max_t(s64, ahead, 0);
	end = min(end, i2s->stream_pos +
		  div_u64((u64)(ktime_to_ns(i2s->tick) +
				HPA380_EMUL_I2S_AHEAD_NS) * i2s->rate,
			  NSEC_PER_SEC));
	if (end <= i2s->fed)
		return;
	n = end - i2s->fed;
	t = ktime_add_ns(i2s->anchor_t,
			 div_u64((i2s->fed - i2s->anchor_pos) * NSEC_PER_SEC,
				 i2s->rate));
	if (!hpa380_emul_i2s_queue(i2s, n, t))
		return;
	for (k = i2s->fed; k < end; k++) {
		hpa380_emul_i2s_frame(runtime, k, frame);
		kfifo_in(&i2s->feed, (u32 *)frame, 2);
	}
	i2s->fed = end;
	schedule_work(&i2s->feed_work);
}

/* Under the lock: the sound stops at @t. */
static void hpa380_emul_i2s_feed_end(struct hpa380_emul_i2s *i2s, ktime_t t)
{
	if (hpa380_emul_i2s_queue(i2s, 0, t))
		schedule_work(&i2s->feed_work);
	i2s->fed = i2s->stream_pos;
}

/* The work: what the tick queued, to the chip model if there is one. */
static void hpa380_emul_i2s_feed_work(struct work_struct *work)
{
	struct hpa380_emul_i2s *i2s = container_of(work, struct hpa380_emul_i2s,
						   feed_work);
	struct hpa380_emul_i2s_feed_hdr hdr;
	struct hpa380_model *m;
	unsigned long flags;
	unsigned int n, done;
	ktime_t t;

	for (;;) {
		/* One record at a time out of the queue, under its lock. */
		spin_lock_irqsave(&i2s->lock, flags);
		if (kfifo_out(&i2s->feed, (u32 *)&hdr,
			      HPA380_EMUL_I2S_HDR_WORDS) != HPA380_EMUL_I2S_HDR_WORDS) {
			spin_unlock_irqrestore(&i2s->lock, flags);
			return;
		}
		spin_unlock_irqrestore(&i2s->lock, flags);

		for (done = 0; !hdr.frames || done < hdr.frames; done += n) {
			n = min_t(u32, hdr.frames - done, HPA380_EMUL_I2S_FEED_CHUNK);
			spin_lock_irqsave(&i2s->lock, flags);
			n = kfifo_out(&i2s->feed, (u32 *)i2s->feed_buf, 2 * n) / 2;
			spin_unlock_irqrestore(&i2s->lock, flags);

			hpa380_emul_lock();
			m = hpa380_emul_model();
			t = ktime_add_ns(ns_to_ktime(hdr.t),
					 div_u64((u64)done * NSEC_PER_SEC, hdr.rate));
			if (m && !hdr.frames)
				hpa380_model_input_end(m, t);
			else if (m)
				hpa380_model_input_push(m, t, hdr.rate,
							i2s->feed_buf, n);
			hpa380_emul_unlock();
			if (!hdr.frames || !n)
				break;
		}
	}
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
	hpa380_emul_i2s_feed(i2s);
	spin_unlock_irqrestore(&i2s->lock, flags);

	if (period)
		snd_pcm_period_elapsed(substream);
	hrtimer_forward_now(timer, i2s->tick);
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
	i2s->tick = min(i2s->period, ns_to_ktime(HPA380_EMUL_I2S_TICK_NS));
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
	i2s->stream_pos = 0;
	i2s->fed = 0;
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
		i2s->anchor_t = i2s->last;
		i2s->anchor_pos = i2s->stream_pos;
		i2s->fed = i2s->stream_pos;
		hpa380_emul_i2s_feed(i2s);
		hrtimer_start(&i2s->timer, i2s->tick, HRTIMER_MODE_REL_SOFT);
		break;
	case SNDRV_PCM_TRIGGER_STOP:
	case SNDRV_PCM_TRIGGER_SUSPEND:
	case SNDRV_PCM_TRIGGER_PAUSE_PUSH:
		if (i2s->substream) {
			hpa380_emul_i2s_advance(i2s, ktime_get());
			hpa380_emul_i2s_feed_end(i2s, i2s->last);
		}
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
	cancel_work_sync(&i2s->feed_work);
	kfifo_free(&i2s->feed);
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
	INIT_WORK(&i2s->feed_work, hpa380_emul_i2s_feed_work);
	i2s->feed_buf = devm_kcalloc(dev, 2 * HPA380_EMUL_I2S_FEED_CHUNK,
				     sizeof(*i2s->feed_buf), GFP_KERNEL);
	if (!i2s->feed_buf ||
	    kfifo_alloc(&i2s->feed, HPA380_EMUL_I2S_FEED_WORDS, GFP_KERNEL))
		return -ENOMEM;
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
