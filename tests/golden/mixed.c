#include <math.h>

static double symdiff_sign(double u)
{
    return u > 0.0 ? 1.0 : (u < 0.0 ? -1.0 : u);
}

/* out[i*2 + j] holds output [i][j] */
void jacobian(double theta, double x, double y, double *out)
{
    const double t1 = exp(x*y);
    const double t2 = (1.0/cos(theta));
    const double t3 = cbrt(y);
    out[0] = 2.0*x*sin(theta) + y*t1*(1.0/3.0) - symdiff_sign(x - y)*fabs(y);
    out[1] = pow(x, 2.0)*cos(theta) + t2*tan(theta)*t3;
    out[2] = x*t1*(1.0/3.0) + 1.0/(3.0*pow(t3, 2.0))*t2 - 3.141592653589793*pow(2.718281828459045, x);
    out[3] = -pow(1.0 + pow(theta, 2.0), -2.0)*2.0*theta + atan2(y + 0.0, x + 0.0);
}
