from mmr_graph.cli import main

main()
