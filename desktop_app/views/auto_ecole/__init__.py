"""The « Auto-école sociale » section: parcours, their form and financing, regroupements."""
