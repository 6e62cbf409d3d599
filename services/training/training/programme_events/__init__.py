"""Programme events: a cohort's annual graduation and networking events, with their cost
estimate and sponsoring international companies, told to finance."""
