#include <math.h>

double f(double x)
{
    const double t1 = pow(x, 2.0);
    const double t2 = 2.0*t1;
    const double t3 = 1.0 + x;
    const double t4 = 2.0*x;
    const double t5 = 2.0*t4;
    const double t6 = -t3*t5;
    const double t7 = t2 + t6;
    const double t8 = pow(t2, -2.0);
    const double t9 = t7*t8;
    return t9;
}
