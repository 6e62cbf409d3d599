"""Course sessions: dated runs of a course, online or in Astana or Almaty, with a seat limit."""
