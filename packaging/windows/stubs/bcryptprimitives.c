/* Wine 8 lacks bcryptprimitives.dll, whose ProcessPrng the Rust standard library (and
 * so python-calamine) imports on Windows 10 and later. This stand-in, for the Wine
 * prefix only (never shipped), fills the buffer from RtlGenRandom. */
#include <windows.h>

BOOLEAN NTAPI SystemFunction036(PVOID buffer, ULONG length); /* RtlGenRandom */

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length)
{
    while (length > 0) {
        ULONG chunk = length > 0x10000000 ? 0x10000000 : (ULONG)length;
        if (!SystemFunction036(data, chunk))
            return FALSE;
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}
