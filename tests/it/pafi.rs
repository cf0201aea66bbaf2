//! PAFI rules, states and reminders on real case files.
