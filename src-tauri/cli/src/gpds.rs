//! `accroche gpds <file> agenda|meetings` and `accroche dashboard <file>`: the same figures as
//! the window's GPDS screens and tableau de bord.

use std::path::PathBuf;

use accroche_core::gpds::{self, Dashboard, OwnerActions, StudentLine};
use accroche_core::registry::Coded;
use accroche_core::school_year::french_date as fr;
use accroche_core::Error;

use crate::say;

/// Arguments of `accroche gpds`.
#[derive(clap::Args)]
pub struct Args {
    /// Le dossier.
    file: PathBuf,
    #[command(subcommand)]
    action: Action,
}

#[derive(clap::Subcommand)]
enum Action {
    /// L'ordre du jour de la prochaine séance (ou de la séance --seance N).
    Agenda {
        /// Numéro de la séance (voir `meetings`) ; par défaut la prochaine.
        #[arg(long = "seance")]
        meeting: Option<i64>,
        /// Sortie JSON.
        #[arg(long)]
        json: bool,
    },
    /// Fait le compte-rendu PDF d'une séance close (un brouillon, ou une nouvelle version).
    CompteRendu {
        /// Numéro de la séance (voir `meetings`).
        #[arg(long = "seance")]
        meeting: i64,
        /// Écrit aussi le PDF dans ce fichier.
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// Les séances, la plus récente d'abord.
    Meetings {
        /// Sortie JSON.
        #[arg(long)]
        json: bool,
    },
}

pub fn run(a: Args) -> Result<(), Error> {
    if let Action::CompteRendu { meeting, output } = &a.action {
        let mut cf = crate::open(&a.file, false)?;
        let d = gpds::minutes_document(&mut cf, *meeting)?;
        say(format!(
            "{} {} (version {}) : {}",
            d.title,
            d.reference,
            d.version,
            d.state.label().to_lowercase()
        ));
        for m in &d.missing {
            say(format!("À compléter : {m}"));
        }
        if let Some(path) = output {
            accroche_core::documents::registry::save_pdf(&cf, d.id, path)?;
            say(format!("PDF écrit : {}", path.display()));
        }
        return Ok(());
    }
    let cf = crate::open(&a.file, true)?;
    match a.action {
        Action::CompteRendu { .. } => {}
        Action::Agenda { meeting, json } => {
            let id = match meeting {
                Some(id) => Some(id),
                None => gpds::next_meeting(&cf)?.map(|m| m.id),
            };
            let Some(id) = id else {
                if json {
                    say("null");
                } else {
                    say("Aucune séance prévue : planifiez-en une dans l'onglet GPDS.");
                }
                return Ok(());
            };
            let agenda = gpds::agenda(&cf, id)?;
            if json {
                say(serde_json::to_string_pretty(&agenda)?);
                return Ok(());
            }
            let m = &agenda.meeting;
            say(format!(
                "Séance GPDS du {} à {}{} ({})",
                fr(m.date),
                m.time,
                if m.place.is_empty() {
                    String::new()
                } else {
                    format!(" — {}", m.place)
                },
                m.status.label().to_lowercase()
            ));
            say(format!(
                "Ordre du jour : {} élève{}",
                agenda.items.len(),
                plural(agenda.items.len())
            ));
            for (i, it) in agenda.items.iter().enumerate() {
                let reasons: Vec<&str> = it.reasons.iter().map(|r| r.text.as_str()).collect();
                let decision = it
                    .decision
                    .map(|d| format!(" [{}]", d.label()))
                    .unwrap_or_default();
                say(format!(
                    "{:>3}. {} {} ({}){decision} — {}",
                    i + 1,
                    it.last_name.to_uppercase(),
                    it.first_name,
                    it.class_name,
                    reasons.join(" ; ")
                ));
            }
            if !agenda.removed.is_empty() {
                let names: Vec<String> = agenda
                    .removed
                    .iter()
                    .map(|i| format!("{} {}", i.first_name, i.last_name))
                    .collect();
                say(format!("Retirés par le référent : {}", names.join(", ")));
            }
        }
        Action::Meetings { json } => {
            let list = gpds::list_meetings(&cf)?;
            if json {
                say(serde_json::to_string_pretty(&list)?);
                return Ok(());
            }
            for m in &list {
                say(format!(
                    "{:>4}  {} {}  {:<9} {:>3} élève{} à l'ordre du jour, {} décision{}",
                    m.id,
                    fr(m.date),
                    m.time,
                    m.status.label(),
                    m.agenda_size,
                    plural(m.agenda_size as usize),
                    m.decided,
                    plural(m.decided as usize)
                ));
            }
            say(format!("{} séance{}", list.len(), plural(list.len())));
        }
    }
    Ok(())
}

/// Arguments of `accroche dashboard`.
#[derive(clap::Args)]
pub struct DashboardArgs {
    /// Le dossier.
    file: PathBuf,
    /// Sortie JSON (les mêmes nombres et lignes que l'écran).
    #[arg(long)]
    json: bool,
}

pub fn run_dashboard(a: DashboardArgs) -> Result<(), Error> {
    let cf = crate::open(&a.file, true)?;
    let d = gpds::dashboard(&cf)?;
    if a.json {
        say(serde_json::to_string_pretty(&d)?);
    } else {
        print(&d);
    }
    Ok(())
}

fn plural(n: usize) -> &'static str {
    if n > 1 {
        "s"
    } else {
        ""
    }
}

fn print(d: &Dashboard) {
    say(format!("Tableau de bord du {}", fr(d.today)));
    match &d.next_meeting {
        Some(m) => say(format!(
            "Prochaine séance : {} à {} ({} élève{} à l'ordre du jour)",
            fr(m.date),
            m.time,
            m.agenda_size,
            plural(m.agenda_size as usize)
        )),
        None => say("Prochaine séance : aucune de prévue"),
    }
    say(format!("Élèves suivis : {}", d.counts.in_followup));
    owners("Actions en retard", d.counts.late_actions, &d.late_actions);
    owners(
        &format!("Actions à échéance d'ici au {}", fr(d.week_end)),
        d.counts.due_this_week,
        &d.due_this_week,
    );
    lines(
        "Élèves suivis sans personne chargée du suivi",
        &d.without_in_charge,
    );
    lines(
        "Élèves repérés, pas encore examinés",
        &d.flagged_not_reviewed,
    );
    lines("Élèves dont la date de point est arrivée", &d.review_due);
    say(format!("\nRappels sur les PAFI : {}", d.pafi.len()));
    for r in &d.pafi {
        say(format!("  {}  {}", fr(r.date), r.text));
    }
    lines(
        "Propositions de PAFI ou d'alliance en attente",
        &d.open_proposals,
    );
}

fn owners(title: &str, count: u32, by_owner: &[OwnerActions]) {
    say(format!("\n{title} : {count}"));
    for o in by_owner {
        say(format!("  {} ({})", o.owner_name, o.actions.len()));
        for a in &o.actions {
            say(format!(
                "    {}  {} ({}) — {}",
                fr(a.due_on),
                a.student_name,
                a.class_name,
                a.what()
            ));
        }
    }
}

fn lines(title: &str, list: &[StudentLine]) {
    say(format!("\n{title} : {}", list.len()));
    for l in list {
        say(format!("  {} ({}) — {}", l.name, l.class_name, l.detail));
    }
}
