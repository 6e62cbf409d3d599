"""What the registry learns from the programme's other services by their events: cohort
selections, assessment results and verified certifications (``handlers``), and the tables it
keeps them in (``models``). No route: the profile and search show them."""
