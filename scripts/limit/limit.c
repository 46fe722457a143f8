/* The rough limit of batch scoring, for scripts/callgrind-per-form: a byte scanner that trusts
   its input (no validation, no explanation, no output but a checksum) and scores the bench
   form's six dimensions (item qN in dimension (N-1) % 6, answers 1 to 5, item score (v-1)/4,
   dimension = mean, overall = mean of dimensions). Not part of Dazzle. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
int main(void) {
    size_t cap = 1 << 26, len = 0;
    char *buf = malloc(cap);
    for (size_t n; (n = fread(buf + len, 1, cap - len, stdin)) > 0;) {
        len += n;
        if (len == cap) buf = realloc(buf, cap *= 2);
    }
    double checksum = 0;
    long forms = 0;
    char *p = buf, *end = buf + len;
    while (p < end) {
        char *eol = memchr(p, '\n', end - p);
        if (!eol) eol = end;
        char *a = memmem(p, eol - p, "\"answers\":{", 11);
        if (a) {
            double sum[6] = {0};
            int count[6] = {0};
            for (char *q = a + 11; q < eol && *q != '}';) {
                q += 2; /* "q */
                int item = 0;
                while (*q >= '0' && *q <= '9') item = item * 10 + (*q++ - '0');
                q += 2; /* ": */
                int value = *q++ - '0';
                if (*q == ',') q++;
                sum[(item - 1) % 6] += (value - 1) / 4.0;
                count[(item - 1) % 6]++;
            }
            double overall = 0;
            for (int d = 0; d < 6; d++) overall += count[d] ? 100 * sum[d] / count[d] : 0;
            checksum += overall / 6;
            forms++;
        }
        p = eol + 1;
    }
    printf("%ld forms, checksum %.6f\n", forms, checksum);
    return 0;
}
