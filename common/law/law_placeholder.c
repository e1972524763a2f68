/*  law_catalogue - placeholder so hr_law has a source until the engine lands. */
#include "hr_base.h"
