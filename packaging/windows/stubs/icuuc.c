/* Wine 8 lacks icuuc.dll, the ICU that Windows 10 (1903 and later) ships and Qt6Core of
 * PySide6 >= 6.10 imports for legacy text encodings (QStringConverter). This stand-in,
 * for the Wine prefix only (never shipped), offers no converter: ucnv_open fails with
 * U_FILE_ACCESS_ERROR, which Qt handles as "encoding not available". The program
 * itself only uses UTF-8 and UTF-16. */
#include <stddef.h>
#include <stdint.h>

typedef int UErrorCode;
#define U_FILE_ACCESS_ERROR 4

void *ucnv_open(const char *name, UErrorCode *status)
{
    (void)name;
    if (status && *status <= 0)
        *status = U_FILE_ACCESS_ERROR;
    return NULL;
}

void ucnv_close(void *converter) { (void)converter; }
void ucnv_reset(void *converter) { (void)converter; }
int8_t ucnv_getMaxCharSize(const void *converter) { (void)converter; return 4; }
const char *ucnv_getName(const void *converter, UErrorCode *status)
{
    (void)converter;
    if (status && *status <= 0)
        *status = U_FILE_ACCESS_ERROR;
    return NULL;
}
int32_t ucnv_countAvailable(void) { return 0; }
const char *ucnv_getAvailableName(int32_t n) { (void)n; return NULL; }
const char *ucnv_getStandardName(const char *name, const char *standard, UErrorCode *status)
{
    (void)name; (void)standard;
    if (status && *status <= 0)
        *status = U_FILE_ACCESS_ERROR;
    return NULL;
}

/* Never reached without a converter; present because Qt6Core links to them. */
void ucnv_getToUCallBack(void) {}
void ucnv_getFromUCallBack(void) {}
void ucnv_setToUCallBack(void) {}
void ucnv_setFromUCallBack(void) {}
void ucnv_cbToUWriteUChars(void) {}
void ucnv_cbFromUWriteUChars(void) {}
int32_t ucnv_toUCountPending(void) { return 0; }
int32_t ucnv_fromUCountPending(void) { return 0; }
void ucnv_toUnicode(void) {}
void ucnv_fromUnicode(void) {}
void UCNV_FROM_U_CALLBACK_SUBSTITUTE(void) {}
void UCNV_TO_U_CALLBACK_SUBSTITUTE(void) {}
