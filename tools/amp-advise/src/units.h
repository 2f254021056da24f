/* SPDX-License-Identifier: GPL-2.0-only */
/* units: strict parsing of the quantities a user or the headphone table gives. */
#ifndef AMP_UNITS_H
#define AMP_UNITS_H

#include <stddef.h>
#include "advise.h"

/* Plausible ranges; anything outside is rejected as absurd. */
#define UNITS_Z_MIN_OHM 1.0
#define UNITS_Z_MAX_OHM 10000.0
#define UNITS_SENS_MIN_DB 50.0
#define UNITS_SENS_MAX_DB 150.0
#define UNITS_REF_MIN_V 0.001
#define UNITS_REF_MAX_V 100.0
#define UNITS_SPL_MIN_DB 40.0
#define UNITS_SPL_MAX_DB 140.0

/*
 * A plain decimal: optional sign, digits, optional fraction. No exponent, hex, inf or nan.
 * Parses exactly len bytes of s. Returns 0 or -1.
 */
int units_parse_decimal(const char *s, size_t len, double *out);

/*
 * "97dB/mW", "102dB/V", "90dB@0.037V", and the notations of spec sheets: "97dB@1mW", "97dB/1mW",
 * "102dB/1Vrms", "97dB SPL/1mW" (spaces allowed, units case-insensitive, "Vrms" and "mV" for the
 * reference accepted; a power other than 1 mW is folded into dB/mW). On error returns -1 and
 * writes a reason to err.
 */
int units_parse_sensitivity(const char *s, struct sensitivity *out, char *err, size_t errlen);

/* "300", "300ohm", "32 Ohms", "16Ω": 1 to 10000 ohms. */
int units_parse_impedance(const char *s, double *ohm, char *err, size_t errlen);

/* "110", "110dB": 40 to 140 dB SPL. */
int units_parse_spl(const char *s, double *db, char *err, size_t errlen);

/* A sensitivity in the notation units_parse_sensitivity() reads back: "97dB/mW", "90dB@0.037V". */
void units_format_sensitivity(const struct sensitivity *s, char *buf, size_t n);

/* Checks a parsed sensitivity against the ranges above. */
int units_check_sensitivity(const struct sensitivity *s, char *err, size_t errlen);

#endif
