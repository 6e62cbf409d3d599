"""The estimate calculator: what cost lines would come to and who would pay, saving nothing."""
