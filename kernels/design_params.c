// SPDX-License-Identifier: GPL-2.0
/*
 * kernels/design_params.c - the one parser of a design's params: the
 * "key=value,key=value" after "NAME:" in a spec, checked against the table
 * the design declares (struct pin_design_param) with getsubopt(3), the
 * defaults filled in, each value handed over as a number or a word's index.
 */
#include "kernels/pin_design.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static size_t count_params(const struct pin_design_ops *ops)
{
	size_t n = 0;

	while (ops->params && ops->params[n].name)
		n++;
	return n;
}

void pin_design_param_syntax(const struct pin_design_param *p, char *buf, size_t len)
{
	size_t off = 0;

	if (!p->words) {
		snprintf(buf, len, "%s %.10g..%.10g", p->whole ? "integer" : "number", p->min,
			 p->max);
		return;
	}
	buf[0] = 0;
	for (const char *const *w = p->words; *w && off < len; w++)
		off += (size_t)snprintf(buf + off, len - off, "%s%s", w == p->words ? "" : "|", *w);
}

/* The value text v of p as a number or a word's index; -EINVAL if invalid. */
static int param_value(const struct pin_design_param *p, const char *v, double *out)
{
	char *end;

	for (const char *const *w = p->words; w && *w; w++)
		if (!strcmp(*w, v)) {
			*out = (double)(w - p->words);
			return 0;
		}
	if (p->words || !*v)
		return -EINVAL;
	*out = strtod(v, &end);
	if (*end || !(*out >= p->min && *out <= p->max) || (p->whole && *out != (long long)*out))
		return -EINVAL;
	return 0;
}

static int bad_key(const struct pin_design_ops *ops, const char *key, char *err, size_t errlen)
{
	int off = snprintf(err, errlen, "%s: unknown param '%.*s' (%s takes ", ops->name,
			   (int)strcspn(key, "="), key, ops->name);

	for (size_t i = 0; i < count_params(ops) && off >= 0 && (size_t)off < errlen; i++)
		off += snprintf(err + off, errlen - (size_t)off, "%s%s", i ? ", " : "",
				ops->params[i].name);
	if (off >= 0 && (size_t)off < errlen)
		snprintf(err + off, errlen - (size_t)off, "%s)", count_params(ops) ? "" : "no params");
	return -EINVAL;
}

static int bad_value(const struct pin_design_ops *ops, const struct pin_design_param *p,
		     const char *v, char *err, size_t errlen)
{
	char syntax[160];

	pin_design_param_syntax(p, syntax, sizeof(syntax));
	if (v)
		snprintf(err, errlen, "%s: bad value '%s' for %s (valid: %s)", ops->name, v,
			 p->name, syntax);
	else
		snprintf(err, errlen, "%s: param '%s' needs a value (%s=%s)", ops->name, p->name,
			 p->name, syntax);
	return -EINVAL;
}

static int fill_defaults(const struct pin_design_ops *ops, struct pin_design_args *args,
			 char *err, size_t errlen)
{
	memset(args, 0, sizeof(*args));
	if (count_params(ops) > PIN_DESIGN_MAX_PARAMS) {
		snprintf(err, errlen, "%s: more than %d params", ops->name, PIN_DESIGN_MAX_PARAMS);
		return -EINVAL;
	}
	for (size_t i = 0; i < count_params(ops); i++) {
		const struct pin_design_param *p = &ops->params[i];

		if (p->def && param_value(p, p->def, &args->value[i]))
			return bad_value(ops, p, p->def, err, errlen);
	}
	return 0;
}

/* getsubopt(3) over a copy of params (it writes into the string it reads). */
static int parse_pairs(const struct pin_design_ops *ops, char *opts,
		       struct pin_design_args *args, char *err, size_t errlen)
{
	char *tokens[PIN_DESIGN_MAX_PARAMS + 1] = { NULL };
	char *value;

	for (size_t i = 0; i < count_params(ops); i++)
		tokens[i] = (char *)ops->params[i].name;
	while (*opts) {
		int i = getsubopt(&opts, tokens, &value);

		if (i < 0)
			return bad_key(ops, value, err, errlen);
		if (!value || param_value(&ops->params[i], value, &args->value[i]))
			return bad_value(ops, &ops->params[i], value, err, errlen);
	}
	return 0;
}

int pin_design_parse_params(const struct pin_design_ops *ops, const char *params,
			    struct pin_design_args *args, char *err, size_t errlen)
{
	char *opts;
	int rc = fill_defaults(ops, args, err, errlen);

	if (rc || !params || !*params)
		return rc;
	opts = strdup(params);
	if (!opts) {
		snprintf(err, errlen, "%s: no memory for its params", ops->name);
		return -ENOMEM;
	}
	rc = parse_pairs(ops, opts, args, err, errlen);
	free(opts);
	return rc;
}
