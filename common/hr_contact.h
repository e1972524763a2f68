/*  hr_contact - email addresses and mobile numbers: the one rule every service applies.
 *
 *  The workflow's people import and notify's notify.Send check contact details with these
 *  functions, so a person the import accepts is a person notify can reach, and a number is
 *  stored in the form the SMS vendors and the IM robots take. Pure.
 */
#ifndef HR_CONTACT_H
#define HR_CONTACT_H

#include "hr_base.h"

#define HR_EMAIL_MAX 254                         // an address at most (RFC 5321 path limit)
#define HR_EMAIL_LOCAL_MAX 64                    // its local part at most
#define HR_MOBILE_MIN_DIGITS 7                   // a number has at least these digits ...
#define HR_MOBILE_MAX_DIGITS 15                  // ... and at most these (E.164)
#define HR_MOBILE_CN_DIGITS 11                   // a mainland China mobile: 1 and ten more digits
#define HR_MOBILE_LEN (HR_MOBILE_MAX_DIGITS + 2) // the normal form's buffer: "+", digits, NUL

// True for an ASCII addr-spec local@domain: printable, no spaces, no <>()[]\,;:" or control
// characters, no leading, trailing or doubled dot in the local part (at most
// HR_EMAIL_LOCAL_MAX), one @, a domain of two or more labels of letters, digits and inner
// hyphens (each at most 63), at most HR_EMAIL_MAX in all. Non-ASCII (SMTPUTF8, IDN) is refused.
bool hr_email_is_valid(const char *addr);

// Reads a mobile number as people write it and writes its normal form into out. Spaces and
// hyphens between the digits are dropped; a leading "+" or "00" starts an international number.
// A mainland China mobile - 11 digits starting with 1, bare or after +86, 0086 or 86 - becomes
// the bare 11 digits (what Aliyun, Tencent, DingTalk and WeCom all take for a domestic number);
// another international number becomes "+" and its digits (E.164); other bare digits stay as
// they are. False, out set to "", when s is empty, holds anything else, has fewer than
// HR_MOBILE_MIN_DIGITS or more than HR_MOBILE_MAX_DIGITS digits, or is a mainland number (bare
// or +86, starting with 1) that is not 11 digits long.
bool hr_mobile_normalize(const char *s, char out[HR_MOBILE_LEN]);

#endif
