"""TIP Monitor: the National Action Plan against trafficking in persons, monitored."""
