"""taskreports"""
