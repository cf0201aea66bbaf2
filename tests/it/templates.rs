//! Every document template, filled with its fixture of invented people
//! (`assets/templates/examples/<type>.json`, the data contract of each document type).

use accroche_core::documents::template::{fill, Clause, DocumentType};
use accroche_core::registry::Coded;

fn data(kind: DocumentType) -> serde_json::Value {
    kind.example().unwrap()
}

#[test]
fn the_gpds_minutes_list_participants_decisions_and_actions() {
    let md = fill(
        DocumentType::CompteRenduGpds,
        &data(DocumentType::CompteRenduGpds),
        &[],
    )
    .unwrap();
    assert!(
        md.contains("Séance du 24/11/2026 à 14:00, Salle B12"),
        "{md}"
    );
    assert!(md.contains("| Léa Dubois-Lefèvre (2MRC1) | Entrée en suivi | Entretien avec la famille — avec la mère | Sophie Lagarde | 01/12/2026 |"), "{md}");
    assert!(
        md.contains("| Jules Œuvray (1CAP2) | Fin du suivi : situation rétablie | — | — | — |"),
        "{md}"
    );
    assert!(md.contains("Inès Petit"), "{md}");
    assert!(
        md.contains("Le chef d'établissement | Hélène Marchetti | Pour le groupe"),
        "{md}"
    );
}

#[test]
fn an_adapted_clause_replaces_the_shipped_article_and_a_missing_field_is_named() {
    let kind = DocumentType::CompteRenduGpds;
    assert!(kind.clauses().contains(&"article_diffusion".to_owned()));
    let adapted = fill(
        kind,
        &data(kind),
        &[Clause {
            block: "article_diffusion".into(),
            text: "## Diffusion\n\nRemis en main propre aux participants.".into(),
        }],
    )
    .unwrap();
    assert!(adapted.contains("Remis en main propre aux participants."));
    assert!(!adapted.contains("règlement général sur la protection des données"));
    let mut incomplete = data(kind);
    incomplete.as_object_mut().unwrap().remove("seance");
    let err = fill(kind, &incomplete, &[]).unwrap_err();
    assert!(err.to_string().contains("seance"), "{err}");
}

/// Fills `kind` with `data`, checks the markup parses, and leaves the filled text under the
/// target directory for the eye (`tmp/documents/<name>.md`).
fn filled_with(kind: DocumentType, data: &serde_json::Value, name: &str) -> String {
    let md = fill(kind, data, &[]).unwrap_or_else(|e| panic!("{name}: {e}"));
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("documents");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join(format!("{name}.md")), &md).unwrap();
    if let Err(e) = accroche_core::documents::markup::parse(&md) {
        panic!("{name}: the filled text is not valid markup: {e}\n{md}");
    }
    // A placeholder that fell through, a tag left open or a null printed as such.
    for leftover in ["{{", "{%", "none", "null", "undefined"] {
        assert!(
            !md.contains(leftover),
            "{name}: « {leftover} » in the text:\n{md}"
        );
    }
    md
}

fn filled(kind: DocumentType) -> String {
    filled_with(kind, &data(kind), kind.code())
}

/// Asserts that `md` contains every one of `needles`, naming the first one missing.
fn assert_all(md: &str, needles: &[&str]) {
    for n in needles {
        assert!(md.contains(n), "« {n} » missing from:\n{md}");
    }
}

/// Sets the value at each JSON pointer (the optional parts of a fixture, emptied).
fn with(mut data: serde_json::Value, changes: &[(&str, serde_json::Value)]) -> serde_json::Value {
    for (pointer, value) in changes {
        *data
            .pointer_mut(pointer)
            .unwrap_or_else(|| panic!("no {pointer}")) = value.clone();
    }
    data
}

#[test]
fn every_fixture_fills_its_template_into_valid_markup() {
    for &kind in DocumentType::ALL {
        let md = filled(kind);
        // Each document ends with its signature boxes, one per signatory of the fixture.
        let Some(serde_json::Value::Array(signataires)) = data(kind).get("signataires").cloned()
        else {
            panic!("{}: no signataires", kind.code())
        };
        assert!(!signataires.is_empty(), "{}", kind.code());
        for s in signataires {
            let line = format!(
                "{} | {} | {}",
                s["qualite"].as_str().unwrap(),
                s["nom"].as_str().unwrap(),
                s["mention"].as_str().unwrap()
            );
            assert!(
                md.contains(line.trim_end()),
                "{}: signature « {line} » missing",
                kind.code()
            );
        }
        assert!(
            md.trim_end().ends_with(":::"),
            "{}: the signatures close the document",
            kind.code()
        );
    }
}

#[test]
fn every_template_declares_its_version_and_only_article_blocks() {
    for &kind in DocumentType::ALL {
        assert!(
            kind.shipped().source.starts_with("{# version: "),
            "{}",
            kind.code()
        );
        let clauses = kind.clauses();
        assert!(
            !clauses.is_empty(),
            "{}: nothing an establishment may adapt",
            kind.code()
        );
        for c in &clauses {
            assert!(c.starts_with("article_"), "{}: block {c}", kind.code());
        }
        let mut unique = clauses.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(
            unique.len(),
            clauses.len(),
            "{}: a block name is used twice",
            kind.code()
        );
    }
}

#[test]
fn the_pafi_contract_names_every_party_its_dates_timetable_and_validation() {
    let md = filled(DocumentType::ContratPafi);
    assert_all(&md, &[
        "# Contrat de parcours aménagé de formation initiale (PAFI)",
        "contrat n° PAFI-2026-0003 du 21/12/2026",
        "**l'élève** : Léa Dubois-Lefèvre, date de naissance : 17/04/2011, classe : 2MRC1",
        "**responsable légal (mère)** : Nathalie Lefèvre, 12 allée des Tilleuls, 99001 Valmont-sur-Exemple ;",
        "**responsable légal (père)** : Stéphane Dubois",
        "représenté par Hélène Marchetti, chef d'établissement",
        "**le tuteur de l'élève** : Bérénice Lœillet",
        "**la structure d'accueil** : Le Fournil d'Élise (SARL)",
        "représentée par Anaïs Ménard, présidente.",
        "## Article 1 — Objet",
        "diagnostic établi le 24/11/2026",
        "ni une sanction, ni une exclusion",
        "## Article 2 — Durée et dates",
        "du **11/01/2027** au **12/02/2027**, soit cinq semaines. Il ne peut excéder une année scolaire.",
        "1. Retrouver une assiduité régulière",
        "::: timetable\n| | Lundi | Mardi | Mercredi | Jeudi | Vendredi |\n| Matin | Classe (2MRC1) | =Stage — Le Fournil d'Élise | =Module de remobilisation (MLDS) |",
        "| Stage en boulangerie-pâtisserie : vente et accueil | Le Fournil d'Élise | du 12/01/2027 au 11/02/2027 | mardi, jeudi matin | CONV-2026-0011 |",
        "| à établir |",
        "- Le Fournil d'Élise : Noël Kœnig, boulanger, 01 23 45 67 89 ;",
        "## Article 6 — Statut scolaire de l'élève",
        "conserve le statut d'élève de l'établissement",
        "assurance de responsabilité civile",
        "ne peut servir de mesure d'exclusion",
        "## Article 7 — Engagements de l'élève",
        "## Article 8 — Engagements des responsables légaux",
        "Les responsables légaux de l'élève s'engagent à :",
        "## Article 9 — Engagements de l'établissement",
        "## Article 10 — Engagements des structures d'accueil",
        "## Article 11 — Tutorat et suivi",
        "Le tutorat de l'élève est assuré par Bérénice Lœillet, professeure d'économie-gestion.",
        "(chaque vendredi à 16 h)",
        "François Théret, coordonnateur de la MLDS",
        "| 22/01/2027 | Premier point avec Léa et les tuteurs d'accueil |",
        "## Article 12 — Bilan et retour en classe",
        "établi le **11/02/2027**",
        "classe 2MRC1 à compter du **15/02/2027**.",
        "## Article 13 — Validation",
        "validé le **18/12/2026** par la directrice académique des services de l'Éducation nationale (DASEN), sous la référence DSDEN-PAFI-2026-041.",
        "## Article 15 — Confidentialité et protection des données",
        "règlement (UE) 2016/679",
        "::: signatures\nL'élève | Léa Dubois-Lefèvre | Lu et approuvé\n",
        "Pour La Recyclerie des Cœurs, la présidente | Anaïs Ménard |",
    ]);
    // Paragraphs that end in a tag still end: the MLDS coordinator is a paragraph of their own.
    assert!(
        md.contains("berenice.loeillet@ac-exemple.fr.\n\nFrançois Théret"),
        "{md}"
    );
}

#[test]
fn a_pafi_contract_without_its_options_says_what_remains_to_be_done() {
    let kind = DocumentType::ContratPafi;
    let bare = with(
        data(kind),
        &[
            ("/eleve/age", 18.into()),
            ("/responsables", serde_json::json!([])),
            ("/pafi/date_diagnostic", serde_json::Value::Null),
            ("/pafi/nature", serde_json::Value::Null),
            ("/pafi/duree", serde_json::Value::Null),
            ("/pafi/objectifs", serde_json::json!([])),
            ("/pafi/points_suivi", serde_json::json!([])),
            ("/pafi/date_bilan", serde_json::Value::Null),
            ("/pafi/retour", serde_json::Value::Null),
            ("/activites", serde_json::json!([])),
            ("/structures", serde_json::json!([])),
            ("/tuteur/rythme", serde_json::Value::Null),
            ("/tuteur/telephone", serde_json::Value::Null),
            ("/tuteur/courriel", serde_json::Value::Null),
            ("/coordonnateur_mlds", serde_json::Value::Null),
            ("/validation/reference", serde_json::Value::Null),
            ("/validation/date", serde_json::Value::Null),
        ],
    );
    let md = filled_with(kind, &bare, "contrat_pafi_sans_options");
    assert_all(&md, &[
                "aucune structure d'accueil extérieure n'est associée au parcours.",
        "L'élève étant majeur, il prend seul les engagements",
        "Les objectifs du parcours sont arrêtés avec l'élève et sa famille lors du premier point de suivi",
        "Le parcours ne comporte pas d'activité hors de l'établissement.",
        "Sans objet : le parcours ne comporte pas d'accueil dans une structure extérieure.",
        "établi à son terme avec l'élève",
        "est soumis à la validation de la directrice académique",
        "Il ne peut débuter avant cette validation.",
    ]);
    assert!(!md.contains("Contact :"), "{md}");
}

#[test]
fn the_internship_agreement_prints_the_legal_frame_for_a_minor() {
    let kind = DocumentType::ConventionStage;
    let md = filled(kind);
    assert_all(&md, &[
        "# Convention de stage et d'accueil d'un élève",
        "convention n° CONV-2026-0011 du 21/12/2026, annexée au contrat de parcours aménagé de formation initiale n° PAFI-2026-0003",
        "**l'organisme d'accueil** : Le Fournil d'Élise (SARL, SIRET 812 345 678 00019), 27 place du Marché, 99001 Valmont-sur-Exemple, représenté par Élise Kœnig, gérante ;",
        "**l'élève** : Léa Dubois-Lefèvre, date de naissance : 17/04/2011",
        "**responsable légal (mère)** : Nathalie Lefèvre",
        "**responsable légal (père)** : Stéphane Dubois, 4 impasse du Moulin, 99010 Saint-Aubin-d'Essai.",
        "## Article 1 — Objet",
        "aucun contrat de travail ne lie l'élève",
        "## Article 2 — Dates et lieu",
        "du **12/01/2027** au **11/02/2027**",
        "## Article 3 — Horaires et durée de présence",
        "soit **11 heures par semaine**",
        "| Mardi | 8 h 30 – 12 h 00 et 13 h 30 – 16 h 30 | 6 h 30 |",
        "articles L. 3161-1 et suivants du code du travail",
        "ni huit heures par jour ni trente-cinq heures par semaine",
        "entre 22 heures et 6 heures, et, pour un élève de moins de seize ans, entre 20 heures et 6 heures",
        "porté à quatorze heures pour un élève de moins de seize ans",
        "L'élève ayant moins de seize ans",
        "## Article 4 — Activités confiées à l'élève",
        "- étiquetage des produits et affichage des allergènes ;",
        "ne peut ni se substituer à un salarié, ni occuper un poste de travail permanent",
        "## Article 5 — Sécurité, travaux interdits et travaux réglementés",
        "articles D. 4153-15 et suivants du code du travail",
        "Aucun travail réglementé n'est confié à l'élève",
        "## Article 6 — Encadrement et suivi",
        "le tuteur d'accueil, **Noël Kœnig**, boulanger-pâtissier",
        "assuré par **Bérénice Lœillet**",
        "font le point ensemble le 22/01/2027 et le 05/02/2027.",
        "## Article 7 — Statut de l'élève, assiduité et discipline",
        "Il ne perçoit aucune rémunération.",
        "## Article 8 — Assurances et accidents",
        "(assureur : Mutuelle des artisans d'Essai, contrat n° RC-884512)",
        "souscrite par les responsables légaux (assureur : Assurances Mutuelles de l'Ouest, contrat n° MRH-2231-07)",
        "au plus tard dans les vingt-quatre heures",
        "## Article 9 — Transport et restauration",
        "## Article 10 — Évaluation",
        "Le **11/02/2027**, le tuteur d'accueil apprécie avec Bérénice Lœillet",
        "## Article 11 — Suspension et fin de l'accueil",
        "## Article 12 — Confidentialité",
        "Pour l'organisme d'accueil, la gérante | Élise Kœnig | Lu et approuvé",
        "Le tuteur d'accueil | Noël Kœnig | Pris connaissance",
    ]);
    // Of age, the student is not told the minors' rules; regulated work follows a derogation.
    let adult = with(
        data(kind),
        &[
            ("/eleve/age", 19.into()),
            ("/responsables", serde_json::json!([])),
            (
                "/stage/derogation",
                serde_json::json!({ "reference": "DER-2026-12", "date": "2026-09-15" }),
            ),
            ("/stage/transport", serde_json::Value::Null),
            ("/stage/restauration", serde_json::Value::Null),
            ("/stage/visites", serde_json::json!([])),
            ("/stage/date_evaluation", serde_json::Value::Null),
            ("/accueil/assurance", serde_json::Value::Null),
            ("/assurance_eleve", serde_json::Value::Null),
        ],
    );
    let md = filled_with(kind, &adult, "convention_stage_majeur");
    assert!(
        !md.contains("L. 3161-1") && !md.contains("D. 4153-15"),
        "{md}"
    );
    assert!(
        !md.contains("DER-2026-12"),
        "a derogation only concerns minors: {md}"
    );
    assert!(
        !md.contains("responsables légaux"),
        "an adult signs alone: {md}"
    );
    assert_all(
        &md,
        &[
            "classe : 2MRC1 (Seconde professionnelle Métiers de la relation client).",
            "restent à la charge de l'élève",
            "qu'avec l'accord du chef d'établissement et de l'élève.",
            "Au terme de l'accueil, le tuteur d'accueil apprécie",
            "dont il produit l'attestation",
            "L'élève justifie d'une assurance couvrant sa responsabilité civile",
        ],
    );
    let minor = with(
        data(kind),
        &[(
            "/stage/derogation",
            serde_json::json!({ "reference": "DER-2026-12", "date": "2026-09-15" }),
        )],
    );
    let md = filled_with(kind, &minor, "convention_stage_derogation");
    assert!(md.contains("déclaration de dérogation DER-2026-12 du 15/09/2026 (articles R. 4153-38 et suivants du code du travail)"), "{md}");
}

#[test]
fn the_pafi_bilan_ticks_each_skill_and_states_the_outcome() {
    let kind = DocumentType::BilanPafi;
    let md = filled(kind);
    assert_all(&md, &[
        "# Bilan du parcours aménagé de formation initiale (PAFI)",
        "bilan n° BILAN-PAFI-2026-0003 du 11/02/2027, établi au titre du contrat n° PAFI-2026-0003",
        "**Élève** : Léa Dubois-Lefèvre, date de naissance : 17/04/2011",
        "**Parcours prévu** : du 11/01/2027 au 12/02/2027",
        "**Tuteur** : Bérénice Lœillet",
        "en présence de : Léa Dubois-Lefèvre ; Nathalie Lefèvre, mère ; Bérénice Lœillet, tutrice ; Noël Kœnig, tuteur d'accueil",
        "| Stage en boulangerie-pâtisserie : vente et accueil | Le Fournil d'Élise | du 12/01/2027 au 11/02/2027 | Réalisé en totalité (10 journées sur 10) |",
        "Sur 48 demi-journées prévues au parcours (classe et activités), 3 demi-journées d'absence ont été relevées, dont 2 justifiées, ainsi qu'un retard.",
        "| Compétence | Acquise | En cours | Non acquise | Observations |",
        "| Accueillir un client et répondre à sa demande | X |  |  | Aisance croissante",
        "| Encaisser et rendre la monnaie |  | X |  |",
        "| Rédiger un compte rendu d'activité |  |  | X |",
        "| Respecter des horaires et des consignes | X |  |  |  |",
        "### Noël Kœnig, tuteur d'accueil, Le Fournil d'Élise",
        "### Anaïs Ménard, présidente de La Recyclerie des Cœurs",
        "## Le point de vue de l'élève",
        "## Le point de vue de la famille",
        "## Situation à l'issue du parcours\n\n**Retour en classe**, à compter du 15/02/2027 : en 2MRC1.",
        "L'élève reprend l'emploi du temps ordinaire de sa classe.",
        "## Préconisations pour la suite",
        "## Attestation",
        "a suivi le parcours décrit ci-dessus sous statut scolaire",
        "Le chef d'établissement | Hélène Marchetti |",
        "L'élève | Léa Dubois-Lefèvre | Pris connaissance",
    ]);
    let other = with(
        data(kind),
        &[
            ("/parcours/date_fin_effective", "2027-02-05".into()),
            (
                "/parcours/motif_fin",
                "signature d'un contrat d'apprentissage".into(),
            ),
            (
                "/issue",
                serde_json::json!({ "code": "apprentissage", "libelle": "Contrat d'apprentissage", "date": "2027-02-08", "precisions": null }),
            ),
            (
                "/assiduite",
                serde_json::json!({ "demi_journees_prevues": 40, "demi_journees_absence": 0, "demi_journees_justifiees": 0, "retards": 0, "commentaire": null }),
            ),
            ("/observations", serde_json::json!([])),
            ("/competences", serde_json::json!([])),
            ("/activites", serde_json::json!([])),
            ("/avis_eleve", serde_json::Value::Null),
            ("/avis_famille", serde_json::Value::Null),
            ("/preconisations", serde_json::json!([])),
            ("/bilan/participants", serde_json::json!([])),
        ],
    );
    let md = filled_with(kind, &other, "bilan_pafi_apprentissage");
    assert_all(&md, &[
        "**Fin effective** : 05/02/2027 — signature d'un contrat d'apprentissage",
        "**Contrat d'apprentissage**, à compter du 08/02/2027.",
        "L'élève reste scolarisé dans l'établissement jusqu'à sa mise en œuvre effective.",
        "Sur 40 demi-journées prévues au parcours (classe et activités), aucune absence n'a été relevée.",
        "Aucune observation n'a été recueillie.",
        "Aucune compétence n'a été évaluée.",
        "L'élève n'a pas souhaité s'exprimer.",
    ]);
    assert!(
        !md.contains("Le point de vue de la famille") && !md.contains("Préconisations"),
        "{md}"
    );
}

#[test]
fn the_alliance_contract_keeps_a_referent_and_the_familys_rights() {
    let kind = DocumentType::ContratAlliance;
    let md = filled(kind);
    assert_all(&md, &[
        "# Contrat d'alliance éducative",
        "contrat n° ALL-2026-0002 du 08/12/2026",
        "**l'élève** : Maëlys Nguyen-Da Costa, date de naissance : 08/09/2010, classe : 1CAP1",
        "**responsable légal (mère)** : Céline Da Costa, 3 résidence des Érables, bâtiment C, 99001 Valmont-sur-Exemple ;",
        "## Article 1 — Objet",
        "## Article 2 — Le référent de l'élève dans l'établissement",
        "Le référent de l'élève dans l'établissement est **Sophie Lagarde**, conseillère principale d'éducation",
        "ne signifie pas que l'accompagnement de l'élève est confié à l'extérieur de l'établissement",
        "## Article 3 — Diagnostic partagé",
        "Le diagnostic a été établi le 26/11/2026",
        "**Points d'appui :**",
        "**Difficultés rencontrées :**",
        "## Article 4 — Réponses mises en œuvre",
        "| Santé et bien-être | Rencontres avec l'infirmière ; proposition d'un accueil à la Maison des adolescents, à laquelle Maëlys est libre de donner suite | Maud Texier ; Régis Cœuret (MDA) | tous les quinze jours, jusqu'au 26/02/2027 |",
        "| Temps hors de l'école | Présentation des activités du quartier (sport, aide aux devoirs) par l'éducatrice de prévention | Zoé Œhmichen (Trait d'Union) | jusqu'au 29/01/2027 |",
        "## Article 5 — Membres de l'alliance",
        "- Zoé Œhmichen, éducatrice de prévention spécialisée (Association Trait d'Union) — n'ayant pas signé la charte de déontologie",
        "## Article 6 — Suivi et évaluation",
        "| 19/01/2027 | Premier point de suivi, avec Maëlys et sa mère |",
        "le **08/06/2027**",
        "## Article 7 — Engagements de l'élève et de sa famille",
        "## Article 8 — Engagements de l'établissement",
        "## Article 9 — Droits de l'élève et de sa famille",
        "peuvent y mettre fin à tout moment",
        "Le refus de signer le présent contrat, comme la fin de l'alliance, ne remet en aucun cas en cause l'accompagnement de l'élève",
        "## Article 10 — Partage d'informations",
        "strictement nécessaires",
        "## Article 11 — Durée et révision",
        "prend effet le 08/12/2026 et s'achève le 30/06/2027",
        "L'élève | Maëlys Nguyen-Da Costa | Lu et approuvé",
        "La mère, responsable légale | Céline Da Costa | Lu et approuvé",
    ]);
    let internal = with(
        data(kind),
        &[
            ("/alliance/interne", true.into()),
            ("/alliance/date_fin", serde_json::Value::Null),
            (
                "/alliance/diagnostic",
                serde_json::json!({ "date": null, "potentialites": [], "difficultes": [] }),
            ),
            ("/alliance/referent/telephone", serde_json::Value::Null),
            ("/alliance/referent/courriel", serde_json::Value::Null),
            ("/reponses", serde_json::json!([])),
            ("/membres", serde_json::json!([])),
            (
                "/suivi",
                serde_json::json!({ "rythme": null, "rencontres": [], "date_evaluation": null }),
            ),
        ],
    );
    let md = filled_with(kind, &internal, "contrat_alliance_interne");
    assert_all(
        &md,
        &[
            "entre les seuls personnels de l'établissement (alliance interne)",
            "s'achève au plus tard à la fin de l'année scolaire 2026-2027",
            "Les réponses seront arrêtées lors de la première réunion de suivi",
            "Le référent réunit les membres de l'alliance régulièrement",
            "au terme du contrat.",
        ],
    );
    assert!(
        !md.contains("partenaires extérieurs,") && !md.contains("(contact :"),
        "{md}"
    );
}

#[test]
fn the_partnership_agreement_names_the_contacts_and_the_shared_secret() {
    let kind = DocumentType::ConventionPartenariat;
    let md = filled(kind);
    assert_all(&md, &[
        "# Convention de partenariat",
        "convention n° PART-2026-0004 du 30/11/2026",
        "représenté par Hélène Marchetti, chef d'établissement, conformément à la délibération du conseil d'administration du 17/11/2026 ;",
        "**le partenaire** : Maison des adolescents du Val-d'Essai (groupement d'intérêt public), 15 boulevard Pasteur, 99002 Valmont-sur-Exemple, représenté par Françoise Lemaître-Hébert, directrice.",
        "## Article 1 — Objet",
        "## Article 2 — Engagements du partenaire",
        "- proposer aux élèves orientés par l'établissement un premier accueil dans un délai de trois semaines ;",
        "## Article 3 — Engagements de l'établissement",
        "maintenir pour chaque élève accompagné un référent dans l'établissement",
        "## Article 4 — Interlocuteurs",
        "| Maison des adolescents | Régis Cœuret | éducateur spécialisé | 01 55 66 77 88, r.coeuret@mda-valdessai.example |",
        "| Établissement | Sophie Lagarde | conseillère principale d'éducation | 01 98 76 54 10 |",
        "## Article 5 — Orientation des élèves et accord des familles",
        "## Article 6 — Confidentialité et secret partagé",
        "que le partenaire a signée",
        "article 226-13 du code pénal",
        "## Article 7 — Protection des données personnelles",
        "## Article 8 — Moyens",
        "aucune contrepartie financière",
        "## Article 9 — Évaluation",
        "le 15/06/2027",
        "## Article 10 — Durée et renouvellement",
        "prend effet le 01/12/2026 et s'achève le 31/08/2027. Elle est reconduite tacitement pour une année scolaire",
        "## Article 11 — Résiliation",
        "un préavis d'un mois",
        "## Article 12 — Règlement des différends",
        "Pour l'établissement, le chef d'établissement | Hélène Marchetti",
        "Pour la Maison des adolescents, la directrice | Françoise Lemaître-Hébert",
    ]);
    // A partner that shares no nominative data (a CMPP, a street educator) is written as such.
    let reserved = with(data(kind), &[
        ("/convention/echange_donnees", false.into()),
        ("/convention/charte_signee", false.into()),
        ("/convention/reconduction", serde_json::Value::Null),
        ("/convention/preavis", serde_json::Value::Null),
        ("/convention/date_ca", serde_json::Value::Null),
        ("/convention/date_bilan", serde_json::Value::Null),
        ("/convention/financement", "L'établissement verse au partenaire une participation de 300 euros par année scolaire.".into()),
        ("/partenaire/statut", serde_json::Value::Null),
        ("/partenaire/mission", serde_json::Value::Null),
    ]);
    let md = filled_with(kind, &reserved, "convention_partenariat_sans_donnees");
    assert_all(
        &md,
        &[
            "Aucune donnée nominative relative à un élève n'est transmise entre les parties",
            "Son renouvellement fait l'objet d'une nouvelle convention.",
            "un préavis d'un mois",
            "à la fin de chaque année scolaire",
            "participation de 300 euros",
        ],
    );
    assert!(
        !md.contains("que le partenaire a signée") && !md.contains("délibération"),
        "{md}"
    );
}

#[test]
fn the_ethics_charter_lists_the_five_principles_and_the_members_commitment() {
    let kind = DocumentType::CharteDeontologie;
    let md = filled(kind);
    assert_all(&md, &[
        "# Charte de déontologie et de confidentialité des alliances éducatives",
        "engagement n° CHARTE-2026-0009 du 08/12/2026",
        "adoptée le 17/11/2026 par le conseil d'administration de l'établissement",
        "## Article 1 — Objet et champ",
        "alliance éducative n° ALL-2026-0002 constituée autour de Maëlys Nguyen-Da Costa (1CAP1)",
        "## Article 2 — Les principes de l'alliance",
        "1. **L'individualisation**",
        "2. **La pluralité des regards**",
        "3. **Le refus de l'externalisation**",
        "4. **Le suivi formalisé**",
        "5. **La cohérence des actions**",
        "## Article 3 — Les informations qui peuvent être partagées",
        "## Article 4 — Les destinataires",
        "- Régis Cœuret, éducateur spécialisé (Maison des adolescents du Val-d'Essai).",
        "## Article 5 — L'information de l'élève et de sa famille",
        "## Article 6 — Notes personnelles et informations réservées",
        "## Article 7 — Conservation et sécurité",
        "## Article 8 — Durée",
        "jusqu'au 30/06/2027",
        "## Article 9 — Manquement",
        "Je soussigné(e), **Régis Cœuret**, éducateur spécialisé, Maison des adolescents du Val-d'Essai, déclare avoir pris connaissance de la présente charte",
        "dans le respect du secret professionnel auquel je suis tenu(e).",
        "Le membre de l'alliance | Régis Cœuret | Lu et approuvé",
    ]);
    let general = with(
        data(kind),
        &[
            ("/alliance", serde_json::Value::Null),
            ("/membres", serde_json::json!([])),
            (
                "/charte",
                serde_json::json!({ "adoptee_le": null, "adoptee_par": null, "date_fin": null }),
            ),
            ("/membre/structure", serde_json::Value::Null),
            ("/membre/secret_professionnel", false.into()),
        ],
    );
    let md = filled_with(kind, &general, "charte_deontologie_generale");
    assert_all(
        &md,
        &[
            "vaut pour toutes les alliances éducatives auxquelles son signataire participe",
            "pour la durée de la participation de son signataire",
            "**Régis Cœuret**, éducateur spécialisé, déclare",
        ],
    );
    assert!(
        !md.contains("adoptée le") && !md.contains("Sont membres"),
        "{md}"
    );
}

#[test]
fn the_alliance_minutes_review_each_response_and_stay_confidential() {
    let kind = DocumentType::CompteRenduAlliance;
    let md = filled(kind);
    assert_all(&md, &[
        "# Compte-rendu de la réunion de suivi de l'alliance éducative",
        "> **Document confidentiel.**",
        "Réunion du 19/01/2027 à 17:00, Bureau de la vie scolaire, consacrée au suivi de l'alliance éducative n° ALL-2026-0002 constituée autour de **Maëlys Nguyen-Da Costa** (1CAP1), depuis le 08/12/2026.",
        "**Présents :** Sophie Lagarde, CPE, référente ; Maud Texier, infirmière scolaire ;",
        "**Excusés ou absents :** Zoé Œhmichen, Association Trait d'Union.",
        "### Santé et bien-être\n\n**Responsable :** Maud Texier — **état :** en cours.",
        "**Suite :** Déplacer le tutorat au mardi de 12 h 30 à 13 h 30.",
        "## Décisions",
        "- Le tutorat en français écrit est déplacé au mardi à partir du 26 janvier.",
        "La prochaine réunion de suivi est fixée au **02/03/2027** à 17:00, Bureau de la vie scolaire.",
        "## Diffusion",
        "La référente de l'élève | Sophie Lagarde | Rédactrice",
    ]);
    let empty = with(
        data(kind),
        &[
            ("/presents", serde_json::json!([])),
            ("/absents", serde_json::json!([])),
            ("/points", serde_json::json!([])),
            ("/decisions", serde_json::json!([])),
            ("/prochaine_reunion", serde_json::Value::Null),
            ("/reunion/heure", serde_json::Value::Null),
            ("/reunion/lieu", serde_json::Value::Null),
        ],
    );
    let md = filled_with(kind, &empty, "compte_rendu_alliance_vide");
    assert_all(
        &md,
        &[
            "Réunion du 19/01/2027, consacrée",
            "**Présents :** non notés.",
            "Aucune réponse n'a été examinée lors de cette réunion.",
            "Aucune décision n'a été prise lors de cette réunion.",
            "La date de la prochaine réunion sera communiquée par le référent.",
        ],
    );
}

#[test]
fn an_establishment_may_rewrite_a_contract_article_with_the_same_placeholders() {
    let kind = DocumentType::ContratPafi;
    for block in [
        "article_statut_scolaire",
        "article_validation",
        "article_donnees",
    ] {
        assert!(kind.clauses().contains(&block.to_owned()), "{block}");
    }
    let adapted = fill(
        kind,
        &data(kind),
        &[Clause {
            block: "article_validation".into(),
            text: "## Article 13 — Validation\n\nParcours validé par le CSAIO le {{ validation.date | date }} pour {{ eleve.prenom }}.".into(),
        }],
    )
    .unwrap();
    assert!(
        adapted.contains("Parcours validé par le CSAIO le 18/12/2026 pour Léa."),
        "{adapted}"
    );
    assert!(
        !adapted.contains("sous la référence DSDEN-PAFI-2026-041"),
        "{adapted}"
    );
    // The articles around it keep the shipped text.
    assert!(
        adapted.contains("## Article 12 — Bilan et retour en classe")
            && adapted.contains("## Article 14 —")
    );
    accroche_core::documents::markup::parse(&adapted).unwrap();
    let mut incomplete = data(kind);
    incomplete["tuteur"]
        .as_object_mut()
        .unwrap()
        .remove("rythme");
    let err = fill(kind, &incomplete, &[]).unwrap_err();
    assert!(err.to_string().contains("tuteur.rythme"), "{err}");
}

/// Every template, filled with its fixture, laid out and printed: nothing outside the printable
/// area, and `pdftotext` gives back the parties, the dates and the footer.
#[test]
fn every_template_prints_within_the_page_and_reads_back() {
    use accroche_core::documents::layout::{
        layout, outside_printable_area, Footer, Header, LayoutInput,
    };
    use accroche_core::documents::{markup, render};
    let dir = tempfile::tempdir().unwrap();
    for &kind in DocumentType::ALL {
        let data = data(kind);
        let md = fill(kind, &data, &[]).unwrap();
        let laid = layout(&LayoutInput {
            header: Header {
                name: "Lycée professionnel Jean-Moulin d'Essai".into(),
                uai: "0750654D".into(),
                address: "1 rue de l'Essai\n99001 Valmont-sur-Exemple".into(),
                logo: None,
            },
            blocks: markup::parse(&md).unwrap(),
            footer: Footer {
                reference: "TEST-2026-0001".into(),
                fingerprint_short: "1a2b 3c4d 5e6f 7a8b".into(),
                qr_payload: format!("TEST-2026-0001;sha256={}", "1a2b".repeat(16)),
            },
            draft: false,
            signatures: Vec::new(),
        })
        .unwrap();
        let over = outside_printable_area(&laid);
        assert!(
            over.is_empty(),
            "{}: {} primitives outside the page",
            kind.code(),
            over.len()
        );
        let bytes = render::pdf(
            &laid,
            &render::PdfMeta {
                title: kind.code().into(),
                author: "Lycée".into(),
                subject: String::new(),
                created: accroche_tests::morning(2026, 11, 22),
            },
        )
        .unwrap();
        let file = dir.path().join(format!("{}.pdf", kind.code()));
        std::fs::write(&file, bytes).unwrap();
        let out = std::process::Command::new("pdftotext")
            .arg(&file)
            .arg("-")
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout).replace(['\u{a0}', '\u{202f}'], " ");
        assert!(
            text.contains("Empreinte : 1a2b 3c4d 5e6f 7a8b"),
            "{}: {text}",
            kind.code()
        );
        assert!(text.contains("TEST-2026-0001"), "{}", kind.code());
        for s in data["signataires"].as_array().unwrap() {
            let name = s["nom"].as_str().unwrap();
            assert!(
                text.contains(name),
                "{}: signatory {name} missing",
                kind.code()
            );
        }
        let date = regex_like_date(&text);
        assert!(date, "{}: no dd/mm/yyyy date in the text", kind.code());
    }
}

fn regex_like_date(text: &str) -> bool {
    text.as_bytes().windows(10).any(|w| {
        w[2] == b'/'
            && w[5] == b'/'
            && w.iter()
                .enumerate()
                .all(|(i, c)| i == 2 || i == 5 || c.is_ascii_digit())
    })
}
