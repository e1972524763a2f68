/*  law_money - amounts in integer fen: averaging, multiplying by Art. 47 units, text.
 *
 *  Money never passes through floating point inside the engine. Amounts are never negative
 *  (the parser rejects negative input), so rounding half-up is (2x + d) / 2d in integers. Every
 *  product stays far inside int64: an amount is at most LAW_MONEY_MAX_FEN (1e11) and a service
 *  is at most a few hundred half-units.
 */
#include "law.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

#define S_MAX_DECIMALS 2 // fen: two decimals of a yuan

int64_t law_fen_average(const int64_t *amounts_fen, size_t n)
{
    assert(n > 0);
    int64_t sum = 0;
    for (size_t i = 0; i < n; i++)
        sum += amounts_fen[i];
    int64_t count = (int64_t)n;
    return (2 * sum + count) / (2 * count);
}

int64_t law_fen_times_half_units(int64_t amount_fen, int half_units)
{
    assert(amount_fen >= 0 && half_units >= 0);
    return (amount_fen * half_units + 1) / 2;
}

void law_fen_format(int64_t amount_fen, char *buf)
{
    assert(amount_fen >= 0);
    int64_t yuan = amount_fen / LAW_FEN_PER_YUAN;
    int fen = (int)(amount_fen % LAW_FEN_PER_YUAN);
    if (fen == 0)
        snprintf(buf, LAW_MONEY_TEXT_MAX, "%lld", (long long)yuan);
    else if (fen % 10 == 0)
        snprintf(buf, LAW_MONEY_TEXT_MAX, "%lld.%d", (long long)yuan, fen / 10);
    else
        snprintf(buf, LAW_MONEY_TEXT_MAX, "%lld.%02d", (long long)yuan, fen);
}

bool law_fen_parse(const char *text, int64_t *out_fen)
{
    const char *p = text;
    int64_t yuan = 0;
    if (*p < '0' || *p > '9')
        return false;
    while (*p >= '0' && *p <= '9') {
        yuan = yuan * 10 + (*p - '0');
        if (yuan > LAW_MONEY_MAX_FEN / LAW_FEN_PER_YUAN)
            return false;
        p++;
    }
    int64_t fen = 0;
    if (*p == '.') {
        p++;
        int decimals = 0;
        if (*p < '0' || *p > '9')
            return false;
        while (*p >= '0' && *p <= '9') {
            if (++decimals > S_MAX_DECIMALS)
                return false;
            fen = fen * 10 + (*p - '0');
            p++;
        }
        if (decimals == 1)
            fen *= 10;
    }
    if (*p)
        return false;
    int64_t total = yuan * LAW_FEN_PER_YUAN + fen;
    if (total > LAW_MONEY_MAX_FEN)
        return false;
    *out_fen = total;
    return true;
}
