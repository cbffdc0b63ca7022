"""The directory's forms: they check input, the services in directory/ do the writing."""
